// The part of lib/model that training runs and predictions use, as an interface, so the worker's
// plumbing can be tested with a tiny stand-in and so tfjs loads only in processes that train.
import type { StoredArtifacts } from "./versions";

export interface LabeledSet {
  imageIds: number[];
  /** Pixels of all images, image after image (48x48 grayscale each). */
  pixels: Float32Array;
  /** Vote counts per image over `classes`. */
  counts: number[][];
}

export interface EpochMetrics {
  epoch: number;
  [metric: string]: unknown;
}

export interface Evaluation {
  images: number;
  accuracy: number;
  perClassAccuracy?: unknown;
  nll: number;
  klToCrowd: number;
  ece: number;
}

/** Training settings after the ML schema filled in its defaults (only the fields used here). */
export interface TrainSettings {
  paradigm: string;
  epochs: number;
  limit?: number;
  seed?: number;
  [setting: string]: unknown;
}

/** What the store needs from lib/model. `Model` stays opaque here. */
export interface ModelLib<Model = unknown> {
  initBackend(): Promise<string>;
  parseSettings(input: unknown): TrainSettings;
  loadLabeledSet(
    projectId: number,
    split: "train" | "valid" | "test",
    options?: { limit?: number; seed?: number },
  ): Promise<{ set: LabeledSet; classes: string[]; labels: string[] }>;
  /** Pixels of any images of a project, in the order of `imageIds` (for predictions on all images). */
  loadPixels(imageIds: number[]): Promise<Float32Array>;
  train(
    data: { train: LabeledSet; valid: LabeledSet; classes: string[] },
    settings: TrainSettings,
    options: {
      signal?: AbortSignal;
      onEpoch?: (metrics: EpochMetrics) => void;
      log?: (line: string) => void;
      /** Start from this stored model's weights (same model size and classes) instead of random ones. */
      warmStart?: StoredArtifacts;
      /** Start the conv trunk from this pretrained encoder (encoder_versions) and the rest from the seed. */
      encoder?: StoredArtifacts;
    },
  ): Promise<{
    model: Model;
    epochs: EpochMetrics[];
    best: EpochMetrics;
    backend: string;
    durationMs: number;
    /** Threads, steps and epochs run (fractional under a time budget), when the trainer reports them. */
    threads?: number;
    steps?: number;
    epochsDone?: number;
  }>;
  evaluate(model: Model, set: LabeledSet, classes: string[]): Promise<Evaluation> | Evaluation;
  predict(model: Model, pixels: Float32Array, n: number): Promise<Float32Array[]> | Float32Array[];
  serializeModel(model: Model): Promise<StoredArtifacts> | StoredArtifacts;
  deserializeModel(artifacts: StoredArtifacts): Promise<Model> | Model;
  dispose?(model: Model): void;
}

let injected: ModelLib | undefined;

/** Tests only: run the store against a stand-in instead of lib/model. */
export function setModelLibForTests(lib: ModelLib | undefined): void {
  injected = lib;
}

/** lib/model, loaded on first use (tfjs is heavy; the web server never needs it). */
export async function loadModelLib(): Promise<ModelLib> {
  if (injected) return injected;
  const { modelLib } = await import("./ml-adapter");
  return modelLib;
}
