// Batch norm over the last axis (NHWC channels) with a hand-written gradient. tfjs's own
// BatchNormalization trains through tf.moments and the FusedBatchNorm kernel, and autodiff of that
// chain (a tile of the scale to the full map, broadcasts, the moments' own backward) passes over the
// activations many times: one layer's forward and backward on a 64x48x48x16 map took 329 ms of CPU on
// wasm, 2.8x the conv before it, and made the whole network 2.8x dearer per image (docs/learning.md,
// "A cheaper batch norm"). The gradient in closed form (Ioffe & Szegedy 2015, sec. 3) needs two
// per-channel sums and one per-channel combination of dy and x:
//   dbeta = sum(dy), dgamma = inv * (sum(dy x) - mean sum(dy)), with inv = 1 / sqrt(var + eps),
//   dx = k dy + c1 x + c0, k = gamma inv, c1 = -k inv dgamma / n, c0 = -k dbeta / n - c1 mean,
// the same gradient (to float rounding) at 108 ms for that map (`npm run bench:batch-norm`).
// In training the layer normalises by the batch's moments and leaves the moving statistics alone:
// batch-norm.ts re-estimates them from training images before every evaluation (they would differ
// between threads otherwise). Weights, their order and names match tfjs's layer
// (gamma, beta, moving_mean, moving_variance), so calibration and warm starts treat both alike.
import * as tf from "@tensorflow/tfjs";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * y = gamma (x - mean) / sqrt(var + eps) + beta per channel, as one multiply-add per element:
 * y = k x + (beta - k mean) with k = gamma inv, inv = 1 / sqrt(var + eps). Training (batch moments) and
 * inference (moving statistics) both normalise here.
 */
function normalize(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  epsilon: number,
) {
  const inv = tf.rsqrt(tf.add(variance, epsilon)) as tf.Tensor1D;
  const k = tf.mul(gamma, inv) as tf.Tensor1D;
  return { value: affine(x, k, tf.sub(beta, tf.mul(mean, k)) as tf.Tensor1D), inv, k };
}

/** scale x + shift per channel (the last axis), broadcast over N, H, W. */
function affine(x: tf.Tensor, scale: tf.Tensor1D, shift: tf.Tensor1D): tf.Tensor {
  return tf.add(tf.mul(x, scale), shift);
}

/** Training-mode batch norm of x (channels last) by its own batch moments, with the closed-form gradient. */
const normalizeByBatch = (epsilon: number) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, gamma, beta, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const axes = x.shape.map((_, i) => i).slice(0, -1);
    const { mean, variance } = tf.moments(x, axes) as { mean: tf.Tensor1D; variance: tf.Tensor1D };
    const { value, inv, k } = normalize(x, gamma, beta, mean, variance, epsilon);
    save([x, mean, inv, k]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, m, s, kk] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        const n = sx.size / m.size;
        const dbeta = tf.sum(dy, axes) as tf.Tensor1D;
        const dgamma = tf.mul(s, tf.sub(tf.sum(tf.mul(dy, sx), axes), tf.mul(m, dbeta))) as tf.Tensor1D;
        const c1 = tf.mul(kk, tf.mul(s, dgamma)).div(-n) as tf.Tensor1D;
        const c0 = tf.sub(tf.mul(kk, dbeta).div(-n), tf.mul(c1, m)) as tf.Tensor1D;
        return [tf.add(tf.mul(dy, kk), affine(sx, c1, c0)), dgamma, dbeta];
      },
    };
  });

export class BatchNorm extends tf.layers.Layer {
  static readonly className = "ChorusBatchNorm";
  readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;
  private movingMean?: tf.LayerVariable;
  private movingVariance?: tf.LayerVariable;
  private readonly byBatch: (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;

  constructor(args: LayerArgs & { epsilon?: number } = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3; // tfjs's (and Keras's) default
    this.byBatch = normalizeByBatch(this.epsilon) as typeof this.byBatch;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = [shape[shape.length - 1]!];
    const weight = (name: string, initial: ReturnType<typeof tf.initializers.ones>, trainable: boolean) =>
      this.addWeight(name, channels, "float32", initial, undefined, trainable);
    this.gamma = weight("gamma", tf.initializers.ones(), true);
    this.beta = weight("beta", tf.initializers.zeros(), true);
    this.movingMean = weight("moving_mean", tf.initializers.zeros(), false);
    this.movingVariance = weight("moving_variance", tf.initializers.ones(), false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const gamma = this.gamma!.read() as tf.Tensor1D;
    const beta = this.beta!.read() as tf.Tensor1D;
    if (kwargs.training) return this.byBatch(x, gamma, beta);
    return tf.tidy(
      () =>
        normalize(
          x,
          gamma,
          beta,
          this.movingMean!.read() as tf.Tensor1D,
          this.movingVariance!.read() as tf.Tensor1D,
          this.epsilon,
        ).value,
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(BatchNorm);
