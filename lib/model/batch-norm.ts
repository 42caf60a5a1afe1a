// Batch-norm statistics for evaluation, re-estimated from training images instead of the running
// averages tfjs keeps during training. Two reasons: with data-parallel threads (parallel.ts) each
// replica's running averages see only its own shard (they would differ between threads and depend on
// the thread count), and averaged weights (ema.ts) need statistics of their own (the "bn_update" of
// SWA, Izmailov et al. 2018, sec. 3.2). The estimate: the calibration images in fixed batches through
// the network in training mode (each BN layer normalises by its batch, as in training), every BN
// layer's input mean and variance per channel, averaged over the batches.
import * as tf from "@tensorflow/tfjs";
import type { Network } from "./network";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

/** Images used for the estimate (the first ones of the set given; fewer if it is smaller). */
export const CALIBRATION_IMAGES = 1024;
const CALIBRATION_BATCH = 128;

/** Sets every BN layer's moving mean and variance to the estimate from `pixels` (n images). */
export function calibrateBatchNorm(network: Network, pixels: Float32Array, n: number): void {
  const bn = network.batchNorm;
  if (!bn) return;
  const count = Math.min(n, CALIBRATION_IMAGES);
  const sums = bn.layers.map(() => ({
    mean: null as Float64Array | null,
    variance: null as Float64Array | null,
  }));
  let batches = 0;
  for (let start = 0; start < count; start += CALIBRATION_BATCH) {
    const m = Math.min(CALIBRATION_BATCH, count - start);
    const moments = tf.tidy(() => {
      const x = tf.tensor4d(pixels.slice(start * PIXELS_PER_IMAGE, (start + m) * PIXELS_PER_IMAGE), [
        m,
        IMAGE_SIZE,
        IMAGE_SIZE,
        1,
      ]);
      const outputs = bn.inputs.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(outputs) ? outputs : [outputs]).map((t) => {
        const { mean, variance } = tf.moments(t, [0, 1, 2]);
        return [mean.dataSync() as Float32Array, variance.dataSync() as Float32Array] as const;
      });
    });
    // A short last batch would weigh as much as a full one: skip it unless it is the only one.
    if (m < CALIBRATION_BATCH && batches > 0) break;
    moments.forEach(([mean, variance], l) => {
      const sum = sums[l]!;
      sum.mean ??= new Float64Array(mean.length);
      sum.variance ??= new Float64Array(variance.length);
      mean.forEach((v, c) => (sum.mean![c]! += v));
      variance.forEach((v, c) => (sum.variance![c]! += v));
    });
    batches++;
  }
  bn.layers.forEach((layer, l) => {
    const [gamma, beta] = layer.getWeights();
    const mean = tf.tensor1d(Float32Array.from(sums[l]!.mean!, (v) => v / batches));
    const variance = tf.tensor1d(Float32Array.from(sums[l]!.variance!, (v) => v / batches));
    layer.setWeights([gamma!, beta!, mean, variance]);
    mean.dispose();
    variance.dispose();
  });
}
