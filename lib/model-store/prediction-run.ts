// Predictions of a published model for every image of its project (voted or not, any split),
// written back in batches in the project's label order. The `predict` job and `chorus train` run it.
import { db } from "../db";
import { getProject } from "../projects/projects";
import { loadModelLib } from "./ml";
import { classToLabelIndex, expandDistribution, PREDICTION_BATCH, writePredictions } from "./predictions";
import { getPublishedArtifacts } from "./versions";

export interface PredictionRunResult {
  modelId: number;
  images: number;
  durationMs: number;
}

/** The classes a published model predicts, as stored with its metrics at publish time. */
export function modelClasses(metrics: unknown): string[] {
  const classes = (metrics as { classes?: unknown } | null)?.classes;
  if (!Array.isArray(classes) || !classes.every((c) => typeof c === "string")) {
    throw new Error("model has no class list in its metrics");
  }
  return classes as string[];
}

/** Predicts every image of the model's project; safe to rerun (rows are upserted). */
export async function runPredictions(
  modelId: number,
  options: { signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<PredictionRunResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const stored = await getPublishedArtifacts(modelId);
  const project = await getProject(stored.projectId);
  const classes = modelClasses(stored.metrics);
  const labelIndex = classToLabelIndex(classes, project.labels);
  const ml = await loadModelLib();
  await ml.initBackend();
  const model = await ml.deserializeModel(stored);

  let images = 0;
  let afterId = 0;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      // Keyset pagination: stable and cheap however many images the project holds.
      const batch = await db.image.findMany({
        where: { projectId: project.id, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take: PREDICTION_BATCH,
        select: { id: true },
      });
      if (!batch.length) break;
      const imageIds = batch.map((image) => image.id);
      const pixels = await ml.loadPixels(imageIds);
      const predicted = await ml.predict(model, pixels, imageIds.length);
      const distributions = predicted.map((p) => expandDistribution(p, labelIndex, project.labels.length));
      await writePredictions(modelId, imageIds, distributions);
      images += imageIds.length;
      afterId = imageIds[imageIds.length - 1]!;
      log(`model ${modelId}: predicted ${images} images`);
    }
  } finally {
    ml.dispose?.(model);
  }
  return { modelId, images, durationMs: Math.round(performance.now() - started) };
}
