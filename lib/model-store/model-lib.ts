// What a training, evaluation or prediction run needs from the ML side, as an interface: lib/model's
// compute plus this folder's loaders (they decode with sharp). The worker's plumbing is tested with a
// tiny stand-in through it, and tfjs loads only in processes that train (ml.ts loads ml-adapter.ts
// lazily). Every shape here is lib/model's own type; only the model object is left opaque.
import type { LabeledSet, Metrics, TrainData, TrainOptions, TrainResult, TrainSettings } from "../model";
import type { LoadedSet } from "./labeled-set";
import type { StoredArtifacts } from "./versions";

/** lib/model's TrainResult with the model opaque (the stand-in's model is not a tfjs one). */
export type TrainedModel<Model> = Omit<TrainResult, "model"> & { model: Model };

/** How one run starts: lib/model's options, with stored artifacts in place of weight arrays. */
export type RunTrainOptions = Pick<TrainOptions, "signal" | "onEpoch" | "log"> & {
  /** Start from this stored model's weights (same model size and classes) instead of random ones. */
  warmStart?: StoredArtifacts;
  /** Start the conv trunk from this pretrained encoder (encoder_versions) and the rest from the seed. */
  encoder?: StoredArtifacts;
};

/** The ML side of the store. `Model` stays opaque here. */
export interface ModelLib<Model = unknown> {
  initBackend(): Promise<string>;
  parseSettings(input: unknown): TrainSettings;
  loadLabeledSet(
    projectId: number,
    split: "train" | "valid" | "test",
    options?: { limit?: number; seed?: number },
  ): Promise<Pick<LoadedSet, "set" | "classes" | "labels">>;
  /** Pixels of any images of a project, in the order of `imageIds` (for predictions on all images). */
  loadPixels(imageIds: number[]): Promise<Float32Array>;
  train(data: TrainData, settings: TrainSettings, options: RunTrainOptions): Promise<TrainedModel<Model>>;
  evaluate(model: Model, set: LabeledSet, classes: string[]): Promise<Metrics> | Metrics;
  predict(model: Model, pixels: Float32Array, n: number): Promise<Float32Array[]> | Float32Array[];
  serializeModel(model: Model): Promise<StoredArtifacts> | StoredArtifacts;
  deserializeModel(artifacts: StoredArtifacts): Promise<Model> | Model;
  dispose?(model: Model): void;
}
