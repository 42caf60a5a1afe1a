// A stand-in for lib/model, for testing the worker's plumbing only (queue, versions, predictions,
// shutdown) without tfjs. Its "model" is the training set's mean vote distribution.
import { db } from "../../lib/db";
import type { EpochMetrics, LabeledSet, Metrics } from "../../lib/model";
import type { ModelLib } from "../../lib/model-store/model-lib";
import { trainSettingsSchema } from "../../lib/model/settings";
import { emptyStepTimings } from "../../lib/model/types";

const PIXELS = 48 * 48;

/** The stand-in's fixed evaluation (the plumbing tests check where figures go, not their values). */
const STAND_IN_METRICS: Metrics = {
  images: 0,
  accuracy: 0.5,
  perClassAccuracy: {},
  nll: 1,
  klToCrowd: 0.2,
  ece: 0.1,
};

export interface StandInModel {
  classes: string[];
  prior: number[];
}

export interface StandInOptions {
  /** Milliseconds each epoch takes (to catch a run mid-training). */
  epochMs?: number;
  /** Classes the model predicts: the project's first N labels (tests expansion to all labels). */
  classCount?: number;
}

/** A ModelLib whose training is a mean over vote counts; aborts between "batches" like the real one. */
export function modelStandIn(options: StandInOptions = {}): ModelLib<StandInModel> & { trainedRuns: number } {
  const lib = {
    trainedRuns: 0,
    initBackend: async () => "stand-in",
    parseSettings: (input: unknown) => trainSettingsSchema.parse(input),
    async loadLabeledSet(
      projectId: number,
      split: "train" | "valid" | "test",
      sampling?: { limit?: number },
    ) {
      const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
      const classes = project.labels.slice(0, options.classCount ?? project.labels.length);
      const images = await db.image.findMany({
        where: { projectId, split, voteCount: { gt: 0 } },
        orderBy: { id: "asc" },
        take: sampling?.limit,
      });
      const set: LabeledSet = {
        imageIds: images.map((i) => i.id),
        pixels: new Float32Array(images.length * PIXELS),
        counts: images.map((i) => i.counts.slice(0, classes.length)),
      };
      return { set, classes, labels: project.labels };
    },
    loadPixels: async (imageIds: number[]) => new Float32Array(imageIds.length * PIXELS),
    async train(
      data: { train: LabeledSet; classes: string[] },
      settings: { epochs: number },
      run: Parameters<ModelLib["train"]>[2],
    ) {
      const started = Date.now();
      const epochs: EpochMetrics[] = [];
      for (let epoch = 1; epoch <= settings.epochs; epoch += 1) {
        await new Promise((resolve) => setTimeout(resolve, options.epochMs ?? 5));
        if (run.signal?.aborted) throw Object.assign(new Error("training aborted"), { name: "AbortError" });
        const metrics: EpochMetrics = {
          epoch,
          trainLoss: 1 / epoch,
          valid: { ...STAND_IN_METRICS, images: data.train.imageIds.length },
          imagesPerSecond: 0,
          seconds: (options.epochMs ?? 5) / 1000,
          learningRate: 0,
        };
        epochs.push(metrics);
        run.onEpoch?.(metrics);
      }
      const totals = data.classes.map((_, c) =>
        data.train.counts.reduce((sum, row) => sum + (row[c] ?? 0), 0),
      );
      const all = totals.reduce((a, b) => a + b, 0) || 1;
      lib.trainedRuns += 1;
      const model = { classes: data.classes, prior: totals.map((t) => t / all) };
      return {
        model,
        epochs,
        best: epochs[epochs.length - 1]!,
        backend: "stand-in",
        durationMs: Date.now() - started,
        threads: 1,
        steps: settings.epochs,
        epochsDone: settings.epochs,
        // No real steps: nothing was timed.
        stepTimings: emptyStepTimings(),
      };
    },
    evaluate: (_model: StandInModel, set: LabeledSet): Metrics => ({
      ...STAND_IN_METRICS,
      images: set.imageIds.length,
    }),
    predict: (model: StandInModel, _pixels: Float32Array, n: number) =>
      Array.from({ length: n }, () => Float32Array.from(model.prior)),
    serializeModel: (model: StandInModel) => ({
      topology: { classes: model.classes },
      weightSpecs: [{ name: "prior", shape: [model.prior.length], dtype: "float32" }],
      weights: Buffer.from(Float32Array.from(model.prior).buffer),
    }),
    deserializeModel(artifacts: { topology: unknown; weights: Buffer }) {
      const { classes } = artifacts.topology as { classes: string[] };
      const bytes = Uint8Array.from(artifacts.weights);
      return { classes, prior: Array.from(new Float32Array(bytes.buffer)) };
    },
  };
  return lib;
}
