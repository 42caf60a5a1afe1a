// The weights that get evaluated, selected and stored: the training weights, or an average of them when
// the recipe keeps one (the EMA of ema.ts, updated every step, or SWA's equal-weight mean of snapshots
// from the schedule's end, swa.ts; the settings refuse both at once), with batch-norm statistics
// re-estimated for them (batch-norm.ts). The training weights are put back afterwards, so training
// continues from where it was. Averages run on the main thread from the main replica's weights, which
// every training thread holds identically (parallel.ts): they are the same whatever the thread count.
import type * as tf from "@tensorflow/tfjs";
import { calibrateBatchNorm } from "./batch-norm";
import { WeightAverage } from "./ema";
import type { Replica } from "./replica";
import { setWeightValues } from "./replica";
import type { TrainSettings } from "./settings";
import { StochasticWeightAverage } from "./swa";
import type { LabeledSet, WeightAverager } from "./types";

/** The recipe's weight average, or null when it keeps none. */
export function createWeightAverager(settings: TrainSettings): WeightAverager | null {
  if (settings.emaDecay > 0) return new WeightAverage(settings.emaDecay);
  if (settings.swaStart > 0) return new StochasticWeightAverage(settings.swaStart);
  return null;
}

/** Runs `read` on the replica's model holding the evaluation weights; returns its result. */
export function withEvaluationWeights<T>(
  replica: Replica,
  average: WeightAverager | null,
  calibration: LabeledSet,
  read: (model: tf.LayersModel) => T,
): T {
  const model = replica.network.model;
  const averaged = average?.values();
  const saved = averaged ? model.getWeights().map((tensor) => tensor.clone()) : null;
  try {
    if (averaged) setWeightValues(model, averaged);
    calibrateBatchNorm(replica.network, calibration.pixels, calibration.imageIds.length);
    return read(model);
  } finally {
    if (saved) {
      model.setWeights(saved);
      saved.forEach((tensor) => tensor.dispose());
    }
  }
}
