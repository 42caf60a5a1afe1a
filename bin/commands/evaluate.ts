// `chorus evaluate`: a stored model's metrics on a project's split under the FERPlus protocol. With
// --json ONE line on stdout: {"images","accuracy","nll","klToCrowd","ece",...} (scripts rely on these keys).
import { AppError } from "../../lib/errors";
import { evaluateStoredModel } from "../../lib/model-store/evaluation-run";
import { findProjectByName } from "../../lib/projects/projects";
import { parseCommandArgs, requireOption, UsageError } from "../args";
import type { Command } from "../command";

const SPLITS = ["train", "valid", "test"] as const;

const command: Command = {
  summary: "evaluate a stored model on a project's split (FERPlus protocol)",
  usage: "npm run -s chorus -- evaluate --model <id> --project <name> [--split train|valid|test] [--json]",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      model: { type: "string" },
      project: { type: "string" },
      split: { type: "string", default: "test" },
      json: { type: "boolean" },
    });
    const modelId = Number(requireOption(values.model, "model"));
    if (!Number.isSafeInteger(modelId) || modelId <= 0)
      throw new UsageError(`--model must be a model id, got "${values.model}"`);
    const split = SPLITS.find((s) => s === values.split);
    if (!split) throw new UsageError(`--split must be one of ${SPLITS.join(", ")}, got "${values.split}"`);
    const name = requireOption(values.project, "project");
    const project = await findProjectByName(name);
    if (!project) throw new AppError("not_found", `no project named "${name}"`, { field: "project" });

    const result = await evaluateStoredModel(modelId, project.id, split, (line) =>
      process.stderr.write(`${line}\n`),
    );
    const { images, accuracy, nll, klToCrowd, ece, perClassAccuracy } = result;
    if (values.json) {
      console.log(
        JSON.stringify({ images, accuracy, nll, klToCrowd, ece, perClassAccuracy, modelId, split }),
      );
    } else {
      console.log(
        `model ${modelId} on ${name}/${split}: ${images} images, accuracy ${accuracy.toFixed(4)}, ` +
          `NLL ${nll.toFixed(4)}, KL to crowd ${klToCrowd.toFixed(4)}, ECE ${ece.toFixed(4)}`,
      );
    }
  },
};

export default command;
