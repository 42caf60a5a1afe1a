// The weights that get evaluated, selected and stored: the training weights, or their moving average
// (ema.ts) when the recipe keeps one, with batch-norm statistics re-estimated for them (batch-norm.ts).
// The training weights are put back afterwards, so training continues from where it was.
import type * as tf from "@tensorflow/tfjs";
import { calibrateBatchNorm } from "./batch-norm";
import type { WeightAverage } from "./ema";
import type { Replica } from "./replica";
import { setWeightValues } from "./replica";
import type { LabeledSet } from "./types";

/** Runs `read` on the replica's model holding the evaluation weights; returns its result. */
export function withEvaluationWeights<T>(
  replica: Replica,
  average: WeightAverage | null,
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
