// `chorus train`: one training run in the foreground, the same code the worker's `train` job runs
// (lib/model-store/training-run.ts), then predictions for every image. Progress on stderr; with
// --json the LAST stdout line is {"modelId":..,"valid":{"accuracy":..,...},...}. Ctrl-C stops after
// the current batch and marks the run failed (never published).
import { AppError } from "../../lib/errors";
import { trainSettingsSchema } from "../../lib/model/settings";
import { runPredictions } from "../../lib/model-store/prediction-run";
import { runTraining } from "../../lib/model-store/training-run";
import { findProjectByName } from "../../lib/projects/projects";
import { DEFAULT_INIT_MODE, initModeSchema } from "../../lib/model-store/encoder-start";
import {
  decimal,
  integer,
  optionError,
  parseCommandArgs,
  requireOption,
  terminalSignal,
  UsageError,
} from "../args";
import type { Command } from "../command";

/** An optional option holding a JSON object, or a UsageError naming it. */
function jsonObject(value: string | undefined, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`--${name} must be a JSON object, got "${value}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--${name} must be a JSON object, got "${value}"`);
  return parsed as Record<string, unknown>;
}

const command: Command = {
  summary: "train a model on a project's votes (foreground; same code as the worker)",
  usage:
    "npm run -s chorus -- train --project <name> --paradigm majority|soft|pld|pll [--epochs N] [--limit N] [--seed N]" +
    " [--minutes M] [--threads N] [--dropout R] [--warmup-steps N] [--warm-start] [--init auto|scratch|pretrained]" +
    " [--model-size tiny|small|medium|large] [--batch-size N] [--settings JSON] [--skip-predictions] [--json]",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      project: { type: "string" },
      paradigm: { type: "string" },
      epochs: { type: "string" },
      limit: { type: "string" },
      seed: { type: "string" },
      "model-size": { type: "string" },
      "batch-size": { type: "string" },
      minutes: { type: "string" },
      threads: { type: "string" },
      dropout: { type: "string" },
      "warmup-steps": { type: "string" },
      "warm-start": { type: "boolean" },
      // Any other training settings (docs/learning.md "Recipe"), e.g. '{"batchNorm":true,"emaDecay":0.999}'.
      settings: { type: "string" },
      init: { type: "string" },
      "skip-predictions": { type: "boolean" },
      json: { type: "boolean" },
    });
    const name = requireOption(values.project, "project");
    const paradigm = requireOption(values.paradigm, "paradigm");
    const parsed = trainSettingsSchema.safeParse({
      paradigm,
      epochs: integer(values.epochs, "epochs"),
      limit: integer(values.limit, "limit"),
      seed: integer(values.seed, "seed"),
      modelSize: values["model-size"],
      batchSize: integer(values["batch-size"], "batch-size"),
      minutes: decimal(values.minutes, "minutes"),
      // Unset: all cores (lib/model/train.ts), recorded with the model.
      threads: integer(values.threads, "threads"),
      dropout: decimal(values.dropout, "dropout"),
      warmupSteps: integer(values["warmup-steps"], "warmup-steps"),
      ...jsonObject(values.settings, "settings"),
    });
    if (!parsed.success) throw optionError(parsed.error);
    const init = initModeSchema.safeParse(values.init ?? DEFAULT_INIT_MODE);
    if (!init.success)
      throw new UsageError(`--init must be auto, scratch or pretrained, got "${values.init}"`);
    const project = await findProjectByName(name);
    if (!project) throw new AppError("not_found", `no project named "${name}"`, { field: "project" });

    const log = (line: string) => process.stderr.write(`${line}\n`);
    const terminal = terminalSignal();
    try {
      const result = await runTraining({
        projectId: project.id,
        settings: parsed.data,
        signal: terminal.signal,
        log,
        warmStart: values["warm-start"] ?? false,
        init: init.data,
      });
      const predictions = values["skip-predictions"]
        ? undefined
        : await runPredictions(result.modelId, { signal: terminal.signal, log });
      const output = {
        modelId: result.modelId,
        modelNumber: result.modelNumber,
        projectId: project.id,
        paradigm: parsed.data.paradigm,
        valid: result.valid,
        threads: result.threads,
        steps: result.steps,
        epochs: result.epochsDone,
        warmStartFrom: result.warmStartFrom,
        encoderId: result.encoderId,
        predictions: predictions?.images ?? 0,
      };
      if (values.json) console.log(JSON.stringify(output));
      else
        console.log(
          `model #${result.modelNumber} (id ${result.modelId}): valid accuracy ${result.valid?.accuracy.toFixed(4)}, ` +
            `${result.epochsDone ?? "?"} epochs (${result.steps ?? "?"} steps) on ${result.threads ?? "?"} thread(s)`,
        );
    } finally {
      terminal.release();
    }
  },
};

export default command;
