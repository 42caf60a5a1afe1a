// Evaluates a stored model on a project's split under the FERPlus protocol (lib/model's evaluate):
// `chorus evaluate` runs it. The project may differ from the one the model was trained on, as long
// as its emotion classes are the model's.
import { AppError } from "../errors";
import type { Metrics } from "../model";
import { getProject } from "../projects/projects";
import { loadModelLib } from "./ml";
import { modelClasses } from "./prediction-run";
import { getPublishedArtifacts } from "./versions";

export interface EvaluationRun extends Metrics {
  modelId: number;
  projectId: number;
  split: "train" | "valid" | "test";
}

/** Metrics of published model `modelId` on `split` of project `projectId`. */
export async function evaluateStoredModel(
  modelId: number,
  projectId: number,
  split: "train" | "valid" | "test",
  log: (line: string) => void = () => undefined,
): Promise<EvaluationRun> {
  const stored = await getPublishedArtifacts(modelId);
  const project = await getProject(projectId);
  const ml = await loadModelLib();
  await ml.initBackend();
  const loaded = await ml.loadLabeledSet(project.id, split);
  const classes = modelClasses(stored.metrics);
  if (classes.join("\n") !== loaded.classes.join("\n")) {
    throw new AppError(
      "unprocessable",
      `model ${modelId} predicts [${classes.join(", ")}] but project "${project.name}" has [${loaded.classes.join(", ")}]`,
      { field: "project" },
    );
  }
  if (!loaded.set.imageIds.length) {
    throw new AppError("unprocessable", `project "${project.name}" has no images in the ${split} split`, {
      field: "split",
    });
  }
  log(`evaluating model ${modelId} on ${loaded.set.imageIds.length} ${split} images of "${project.name}"`);
  const model = await ml.deserializeModel(stored);
  try {
    const metrics = await ml.evaluate(model, loaded.set, classes);
    return { modelId, projectId: project.id, split, ...metrics };
  } finally {
    ml.dispose?.(model);
  }
}
