// Shapes shared by the training core and its callers (worker, CLI, benchmarks).
import type * as tf from "@tensorflow/tfjs";

/** Side of the square grayscale input the network takes. */
export const IMAGE_SIZE = 48;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;

/**
 * Images with their crowd votes. `pixels` holds n*48*48 floats in [0, 1], row-major per image.
 * `counts[i][k]` = votes of image i for `classes[k]` (the emotion classes).
 * `nonEmotionCounts[i]` = votes of image i for the project's NON_EMOTION_LABELS (unknown, not_a_face),
 * in the order of `LoadedSet.nonEmotionLabels`; optional (absent = no such votes). The FERPlus protocol
 * needs them to drop images whose majority answer is "unknown" or "not a face".
 */
export type LabeledSet = {
  imageIds: number[];
  pixels: Float32Array;
  counts: number[][];
  nonEmotionCounts?: number[][];
};

/** Evaluation under FERPlus's protocol (majority-mode images, 8 emotions) plus calibration measures. */
export type Metrics = {
  /** Images evaluated (FERPlus majority mode keeps only images with a clear emotion majority). */
  images: number;
  accuracy: number;
  perClassAccuracy: Record<string, number>;
  /** Mean -log p(majority label) over the evaluated images (nats). */
  nll: number;
  /** Mean KL(crowd || model) in nats over images with at least one emotion vote. */
  klToCrowd: number;
  /** Expected calibration error, 15 equal-width confidence bins (Guo et al., ICML 2017, eq. 3). */
  ece: number;
};

export type EpochMetrics = {
  epoch: number;
  trainLoss: number;
  valid: Metrics;
  imagesPerSecond: number;
  seconds: number;
  learningRate: number;
};

export type TrainResult = {
  /** The network of the selected epoch (best valid accuracy), outputting a distribution over classes. */
  model: tf.LayersModel;
  epochs: EpochMetrics[];
  best: EpochMetrics;
  backend: string;
  durationMs: number;
  /** Threads that split every batch (results repeat exactly for a seed and this count). */
  threads: number;
  /** Training steps (batches) run, and the epochs they amount to (fractional under a time budget). */
  steps: number;
  epochsDone: number;
  /** Where the main thread's step time went (parallel.ts); bench:train reports it per step. */
  stepTimings: StepTimings;
};

/**
 * Where the main thread's time inside `step` went, summed over the steps after the first (ms; the
 * first carries the threads' warm-up): posting the other threads'
 * requests, its own shard, waiting for the other threads, the gradient sum, the update; and the other
 * threads' (their mean per step): from the post to their start, their shard, from their end to the main
 * thread's noticing it, to tell a slower thread from a late start or a late answer; and how far apart
 * the two shards' durations were in the same step (|own - helper|): the step waits for the slower one
 * every time, so this, not the difference of the means, is what the wait comes from. bench:train
 * reports it.
 */
export type StepTimings = {
  steps: number;
  postMs: number;
  ownShardMs: number;
  waitMs: number;
  sumMs: number;
  applyMs: number;
  helperStartLagMs: number;
  helperShardMs: number;
  helperAnswerLagMs: number;
  shardGapMs: number;
};

export function emptyStepTimings(): StepTimings {
  return {
    steps: 0,
    postMs: 0,
    ownShardMs: 0,
    waitMs: 0,
    sumMs: 0,
    applyMs: 0,
    helperStartLagMs: 0,
    helperShardMs: 0,
    helperAnswerLagMs: 0,
    shardGapMs: 0,
  };
}

export type TrainLog = (message: string) => void;

/** Where training is when a step has just been taken (what a weight average is told: evaluation-weights.ts). */
export type AveragingMoment = {
  /** Position in the schedule after warm-up, 0 to 1 (schedule.ts scheduleProgress). */
  progress: number;
  /** The batch just done within its epoch (0-based), and the epoch's batch count. */
  batch: number;
  batchesPerEpoch: number;
};

/** An average of the weights training went through, evaluated and stored instead of them (ema.ts, swa.ts). */
export interface WeightAverager {
  /** After each training step: folds the weights into the average when the method wants them. */
  observe(model: tf.LayersModel, moment: AveragingMoment): void;
  /** The averaged weights (getWeights order), or null while there is no average yet. */
  values(): Float32Array[] | null;
}
