// Inference: distributions over the classes for many images, in fixed-size batches.
import * as tf from "@tensorflow/tfjs";
import { computeMetrics } from "./metrics";
import { PIXELS_PER_IMAGE, IMAGE_SIZE, type LabeledSet, type Metrics } from "./types";

const PREDICT_BATCH = 256;

/** The model's distribution over the classes for each of the `n` images in `pixels` (n*48*48 in [0, 1]). */
export function predict(model: tf.LayersModel, pixels: Float32Array, n: number): Float32Array[] {
  const distributions: Float32Array[] = [];
  for (let start = 0; start < n; start += PREDICT_BATCH) {
    const count = Math.min(PREDICT_BATCH, n - start);
    const batch = pixels.subarray(start * PIXELS_PER_IMAGE, (start + count) * PIXELS_PER_IMAGE);
    const output = tf.tidy(
      () => model.predict(tf.tensor4d(batch, [count, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor,
    );
    const values = output.dataSync() as Float32Array;
    output.dispose();
    const classes = values.length / count;
    for (let i = 0; i < count; i++) distributions.push(values.slice(i * classes, (i + 1) * classes));
  }
  return distributions;
}

/** Predicts `set` and scores it under the FERPlus protocol (see computeMetrics). */
export function evaluate(model: tf.LayersModel, set: LabeledSet, classes: readonly string[]): Metrics {
  return computeMetrics(predict(model, set.pixels, set.imageIds.length), set, classes);
}

/**
 * Spreads a distribution over `classes` onto the project's full label list (same order as
 * projects.labels; non-emotion labels get 0), the shape predictions.distribution stores.
 */
export function toProjectDistribution(
  distribution: ArrayLike<number>,
  classes: readonly string[],
  labels: readonly string[],
): number[] {
  return labels.map((label) => {
    const index = classes.indexOf(label);
    return index >= 0 ? Number(distribution[index]) : 0;
  });
}
