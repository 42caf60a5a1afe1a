// Stochastic weight averaging (Izmailov, Podoprikhin, Garipov, Vetrov & Wilson, "Averaging Weights
// Leads to Wider Optima and Better Generalization", UAI 2018): once the learning rate has reached its
// constant SWA value (schedule.ts), the weights are snapshotted at regular steps and averaged with equal
// weights, w_swa <- (n w_swa + w) / (n + 1). The paper snapshots once per epoch (cycle length 1 at a
// constant rate); we take SNAPSHOTS_PER_EPOCH so that a short budget, whose SWA phase is an epoch or
// two, still averages several points. Each snapshot reads the weights once (a few hundred thousand
// floats), so unlike the EMA's every-step update (ema.ts) it costs next to nothing. Batch-norm statistics
// are re-estimated for the average before each evaluation (evaluation-weights.ts), as the paper does.
import type * as tf from "@tensorflow/tfjs";
import type { AveragingMoment, WeightAverager } from "./types";

export const SNAPSHOTS_PER_EPOCH = 4;

export class StochasticWeightAverage implements WeightAverager {
  private mean: Float32Array[] | null = null;
  private snapshots = 0;

  /** `start`: the fraction of the schedule from which snapshots are taken (settings.swaStart). */
  constructor(readonly start: number) {}

  /** Whether a snapshot is due after batch `batch` (0-based) of an epoch of `batchesPerEpoch`. */
  static due(moment: AveragingMoment, start: number): boolean {
    if (moment.progress < start) return false;
    const every = Math.ceil(moment.batchesPerEpoch / SNAPSHOTS_PER_EPOCH);
    return (moment.batch + 1) % every === 0 || moment.batch + 1 === moment.batchesPerEpoch;
  }

  observe(model: tf.LayersModel, moment: AveragingMoment): void {
    if (!StochasticWeightAverage.due(moment, this.start)) return;
    const weights = model.getWeights().map((tensor) => tensor.dataSync() as Float32Array);
    this.snapshots++;
    if (!this.mean) {
      this.mean = weights.map((w) => w.slice());
      return;
    }
    const n = this.snapshots;
    this.mean.forEach((mean, i) => {
      const w = weights[i]!;
      for (let j = 0; j < mean.length; j++) mean[j] = mean[j]! + (w[j]! - mean[j]!) / n;
    });
  }

  /** How many snapshots the average holds. */
  get count(): number {
    return this.snapshots;
  }

  /** The averaged weights (getWeights order), or null before the first snapshot (the raw weights count). */
  values(): Float32Array[] | null {
    return this.mean;
  }
}
