// Exponential moving average of the weights (Polyak averaging; the form of TensorFlow's
// ExponentialMovingAverage with num_updates): after update t (1, 2, ...)
//   shadow <- d_t shadow + (1 - d_t) w,   d_t = min(decay, (1 + t) / (10 + t)),
// so that the early average is not dominated by the random initial weights. The averaged weights are
// what gets evaluated, selected and stored (evaluation-weights.ts says how, and why the thread count
// does not change them).
import type * as tf from "@tensorflow/tfjs";
import type { WeightAverager } from "./types";

export class WeightAverage implements WeightAverager {
  private shadow: Float32Array[] | null = null;
  private updates = 0;

  constructor(readonly decay: number) {}

  /** The decay applied at update number `t` (1-based). */
  static decayAt(decay: number, t: number): number {
    return Math.min(decay, (1 + t) / (10 + t));
  }

  /** After every step. */
  observe(model: tf.LayersModel): void {
    this.update(model);
  }

  /** Folds the model's current weights (getWeights order) into the average. */
  update(model: tf.LayersModel): void {
    const weights = model.getWeights().map((tensor) => tensor.dataSync() as Float32Array);
    this.updates++;
    if (!this.shadow) {
      this.shadow = weights.map((w) => w.slice());
      return;
    }
    const d = WeightAverage.decayAt(this.decay, this.updates);
    this.shadow.forEach((shadow, i) => {
      const w = weights[i]!;
      for (let j = 0; j < shadow.length; j++) shadow[j] = d * shadow[j]! + (1 - d) * w[j]!;
    });
  }

  /** The averaged weights (getWeights order), or null before the first update. */
  values(): Float32Array[] | null {
    return this.shadow;
  }
}
