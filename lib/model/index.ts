// Public surface of the training core (lib/model). The worker, CLI and benchmarks import from here.
// Pure compute: it takes arrays (pixels, counts) and returns models and numbers; reading them from
// the database is lib/model-store's job (labeled-set.ts, pixels.ts).
//
// Notes for callers (differences from the first sketch of the interface):
// - `serializeModel` and `deserializeModel` are async (tfjs model IO is promise-based).
// - `LabeledSet.counts` are per emotion class (`classes` order); the optional `nonEmotionCounts`
//   (unknown / not_a_face votes, `nonEmotionLabels` order) let the FERPlus protocol drop images whose
//   majority is not an emotion. lib/model-store's `loadLabeledSet` fills both from the database.
// - `predict` returns distributions over `classes`; `toProjectDistribution` spreads one onto the
//   project's full label list (zeros for non-emotion labels), the layout of predictions.distribution.
// - `train` also takes `onBatch` (after every batch: epoch, batch, batches, loss) for live progress
//   within an epoch, which takes minutes on CPU; throttle database writes in the callback.
// - `TrainResult.model` outputs probabilities (softmax included), so it can be stored and served as is.
export { initBackend, type BackendName } from "./backend";
export { decode } from "./decode";
export { crossEntropyLoss, crossEntropyFromLogProbabilities } from "./loss";
export { buildNetwork, disposeModel, forwardFlops } from "./network";
export { ParadigmTargets, crossEntropy } from "./paradigms";
export { computeMetrics } from "./metrics";
export { evaluate, predict, toProjectDistribution } from "./predict";
export { deserializeModel, serializeModel, type ModelArtifacts } from "./serialize";
export {
  MODEL_WIDTHS,
  PARADIGMS,
  trainSettingsSchema,
  type ModelSize,
  type Paradigm,
  type TrainSettings,
  type TrainSettingsInput,
} from "./settings";
export { train, type BatchProgress, type TrainData, type TrainOptions } from "./train";
export { candidateSet, majorityClass, processVotes } from "./votes";
export type { EpochMetrics, LabeledSet, Metrics, TrainLog, TrainResult } from "./types";
export { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";
export { pretrain, type LossPoint, type PretrainResult, type ReconstructionSamples } from "./pretrain";
export { PATCH_SIZE, drawPatchMask, maskedPatchCount, pixelMask, applyMask } from "./pretrain-mask";
export {
  buildMimNetwork,
  initialWeightsFromEncoder,
  maskedL1,
  normalizePatches,
  reconstruct,
} from "./pretrain-network";
export {
  pretrainSettingsSchema,
  type PretrainSettings,
  type PretrainSettingsInput,
} from "./pretrain-settings";
export { PROTOTYPE_TEMPERATURE, encoderEmbeddings, prototypePrior } from "./feature-prior";
