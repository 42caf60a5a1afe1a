// `chorus pretrain`: masked image modeling on all of a project's faces in the foreground, the same code
// the worker's `pretrain` job runs (lib/model-store/pretrain-run.ts). Progress on stderr; with --json the
// LAST stdout line is {"encoderId":..,"faces":..,"finalLoss":..}. Ctrl-C stops after the current batch.
import { AppError } from "../../lib/errors";
import { pretrainSettingsSchema } from "../../lib/model/pretrain-settings";
import { runPretraining } from "../../lib/model-store/pretrain-run";
import { findProjectByName } from "../../lib/projects/projects";
import { decimal, integer, optionError, parseCommandArgs, requireOption, terminalSignal } from "../args";
import type { Command } from "../command";

const command: Command = {
  summary: "pretrain an encoder on a project's faces by masked image modeling (no labels)",
  usage:
    "npm run -s chorus -- pretrain --project <name> [--minutes M | --epochs N] [--mask-ratio R] [--include-test]" +
    " [--model-size tiny|small|medium|large] [--input-norm perImage|range] [--batch-size N] [--seed N] [--json]",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      project: { type: "string" },
      minutes: { type: "string" },
      epochs: { type: "string" },
      "mask-ratio": { type: "string" },
      "include-test": { type: "boolean" },
      "model-size": { type: "string" },
      "input-norm": { type: "string" },
      "batch-size": { type: "string" },
      seed: { type: "string" },
      json: { type: "boolean" },
    });
    const name = requireOption(values.project, "project");
    const parsed = pretrainSettingsSchema.safeParse({
      minutes: decimal(values.minutes, "minutes"),
      epochs: integer(values.epochs, "epochs"),
      maskRatio: decimal(values["mask-ratio"], "mask-ratio"),
      includeTest: values["include-test"] ?? false,
      modelSize: values["model-size"],
      inputNorm: values["input-norm"],
      batchSize: integer(values["batch-size"], "batch-size"),
      seed: integer(values.seed, "seed"),
    });
    if (!parsed.success) throw optionError(parsed.error);
    const project = await findProjectByName(name);
    if (!project) throw new AppError("not_found", `no project named "${name}"`, { field: "project" });
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const terminal = terminalSignal();
    try {
      const result = await runPretraining({
        projectId: project.id,
        settings: parsed.data,
        signal: terminal.signal,
        log,
      });
      const { reused: _reused, ...summary } = result;
      const output = { ...summary, projectId: project.id };
      if (values.json) console.log(JSON.stringify(output));
      else
        console.log(
          `encoder ${result.encoderId}: ${result.faces} faces, ${result.epochsDone} epochs (${result.steps} steps), ` +
            `final masked L1 ${result.finalLoss?.toFixed(4)}`,
        );
    } finally {
      terminal.release();
    }
  },
};

export default command;
