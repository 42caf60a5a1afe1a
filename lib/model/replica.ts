// One copy of the network with its optimiser, and the two halves of a training step on it: the
// gradient of a shard of the batch, and the update from a (possibly averaged) gradient. The main thread
// and every training thread (parallel.ts) run exactly these functions, so 1 and N threads compute the
// same step up to the order of a float sum.
import * as tf from "@tensorflow/tfjs";
import { crossEntropyFromLogProbabilities } from "./loss";
import { buildNetwork, disposeModel, type Network } from "./network";
import { createOptimizer, type ScheduledOptimizer } from "./schedule";
import type { TrainSettings } from "./settings";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

export type Replica = {
  network: Network;
  optimizer: ScheduledOptimizer;
  /** The trainable variables in a fixed order (the layout of a flattened gradient). */
  variables: tf.Variable[];
  /** Floats in a flattened gradient (the sum of the variables' sizes). */
  parameterCount: number;
};

/** A batch in plain arrays: `n` images, their targets (n x K) and optional dropout masks (n x hidden units). */
export type BatchArrays = {
  pixels: Float32Array;
  labels: Float32Array;
  masks: Float32Array | null;
  n: number;
  classCount: number;
};

/** Builds a replica; `weights` (in getWeights order) replace the seeded initial ones when given. */
export function createReplica(
  classCount: number,
  settings: TrainSettings,
  weights?: ArrayLike<number>[],
): Replica {
  const network = buildNetwork(classCount, settings.modelSize, settings.seed, {
    batchNorm: settings.batchNorm,
    convBlocks: settings.convBlocks,
    inputNorm: settings.inputNorm,
    ttaFlip: settings.ttaFlip,
  });
  if (weights) setWeightValues(network.model, weights);
  // LayerVariable.read() returns the backing tf.Variable that gradients are taken against.
  const variables = network.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const parameterCount = variables.reduce((sum, variable) => sum + variable.size, 0);
  return { network, optimizer: createOptimizer(settings), variables, parameterCount };
}

/** Replaces a model's weights (getWeights order) with plain values of the same shapes. */
export function setWeightValues(model: tf.LayersModel, values: ArrayLike<number>[]): void {
  const current = model.getWeights();
  if (values.length !== current.length)
    throw new Error(`expected ${current.length} weight arrays, got ${values.length}`);
  const tensors = current.map((tensor, i) => tf.tensor(Float32Array.from(values[i]!), tensor.shape));
  model.setWeights(tensors);
  tensors.forEach((tensor) => tensor.dispose());
}

/**
 * Gradient of images [start, end) of the batch. The shard's mean loss is weighted by its share of the
 * batch ((end - start) / n), so the shards' gradients (and losses) SUM to the whole batch's mean:
 *   L = -(1/B) sum_i sum_k q_ik log softmax(z_i)_k  (loss.ts)
 * With `probabilities`, the shard's softmax outputs are written there at rows [start, end) (PLL needs them);
 * with `features`, the hidden layer's activations (before dropout) likewise (own-prototypes.ts).
 * An empty shard (a batch smaller than the thread count) has a zero gradient and loss.
 */
export function shardGradient(
  replica: Replica,
  batch: BatchArrays,
  start: number,
  end: number,
  probabilities: Float32Array | null,
  features: Float32Array | null = null,
): { loss: number; gradients: tf.Tensor[] } {
  const m = end - start;
  if (m <= 0) return { loss: 0, gradients: replica.variables.map((variable) => tf.zerosLike(variable)) };
  const k = batch.classCount;
  const units = replica.network.hiddenUnits;
  let outputs: tf.Tensor | undefined;
  let hiddenOut: tf.Tensor | undefined;
  const { value, grads } = replica.optimizer.optimizer.computeGradients(() => {
    const x = tf.tensor4d(batch.pixels.slice(start * PIXELS_PER_IMAGE, end * PIXELS_PER_IMAGE), [
      m,
      IMAGE_SIZE,
      IMAGE_SIZE,
      1,
    ]);
    const y = tf.tensor2d(batch.labels.slice(start * k, end * k), [m, k]);
    let hidden = replica.network.features.apply(x, { training: true }) as tf.Tensor2D;
    if (features) hiddenOut = tf.keep(hidden);
    if (batch.masks)
      hidden = tf.mul(hidden, tf.tensor2d(batch.masks.slice(start * units, end * units), [m, units]));
    const logits = replica.network.head.apply(hidden) as tf.Tensor2D;
    const logProbabilities = tf.logSoftmax(logits);
    if (probabilities) outputs = tf.keep(tf.exp(logProbabilities));
    return tf.mul(crossEntropyFromLogProbabilities(logProbabilities, y), m / batch.n) as tf.Scalar;
  }, replica.variables);
  const loss = value.dataSync()[0]!;
  value.dispose();
  if (outputs && probabilities) {
    probabilities.set(outputs.dataSync(), start * k);
    outputs.dispose();
  }
  if (hiddenOut && features) {
    features.set(hiddenOut.dataSync(), start * units);
    hiddenOut.dispose();
  }
  return { loss, gradients: replica.variables.map((variable) => grads[variable.name]!) };
}

/** One optimiser update of every variable from `gradients` (variables order); disposes them. */
export function applyGradient(replica: Replica, gradients: tf.Tensor[], learningRate: number): void {
  replica.optimizer.setLearningRate(learningRate);
  replica.optimizer.optimizer.applyGradients(
    replica.variables.map((variable, i) => ({ name: variable.name, tensor: gradients[i]! })),
  );
  gradients.forEach((gradient) => gradient.dispose());
}

/** Writes `gradients` (variables order) one after another into `out` from `offset`. */
export function flattenInto(gradients: tf.Tensor[], out: Float32Array, offset = 0): void {
  let at = offset;
  for (const gradient of gradients) {
    out.set(gradient.dataSync() as Float32Array, at);
    at += gradient.size;
  }
}

/** Splits a flat gradient back into tensors shaped like the replica's variables. */
export function unflatten(replica: Replica, flat: Float32Array): tf.Tensor[] {
  let at = 0;
  return replica.variables.map((variable) => {
    const tensor = tf.tensor(flat.slice(at, at + variable.size), variable.shape);
    at += variable.size;
    return tensor;
  });
}

/** Frees a replica's model and optimiser state. */
export function disposeReplica(replica: Replica): void {
  replica.optimizer.optimizer.dispose();
  disposeModel(replica.network.model);
}
