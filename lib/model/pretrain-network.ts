// The networks of masked image modeling: the classifier's own conv trunk (network.ts, so fine-tuning loads
// its weights layer by layer) as the encoder, and SimMIM's light decoder (Xie et al., CVPR 2022, sec. 3.3:
// one linear layer predicting the raw pixels of each patch, then a pixel shuffle back to image layout).
import * as tf from "@tensorflow/tfjs";
import { buildNetwork, type NetworkOptions } from "./network";
import { PATCH_SIZE, PATCHES_PER_SIDE } from "./pretrain-mask";
import type { ModelSize } from "./settings";
import { IMAGE_SIZE } from "./types";

/** The trunk's last layer: its 6x6 output is one cell per 8x8 patch. */
const TRUNK_OUTPUT = "block3_pool";

export type MimNetwork = {
  /** Pixels -> 6x6 feature map; the artifact stored as an encoder version. */
  encoder: tf.LayersModel;
  /** 1x1 conv: each cell's features -> the 64 pixels of its patch (linear, as SimMIM's head). */
  decoder: tf.layers.Layer;
  /** What the optimiser updates: the encoder's and the decoder's weights, nothing else in the process. */
  variables: tf.Variable[];
};

/**
 * Builds encoder and decoder from seeded initial weights (the encoder's are the classifier's), the encoder
 * scaling its input as the classifiers fine-tuned from it will (`inputNorm`, default [-1, 1]).
 */
export function buildMimNetwork(
  size: ModelSize,
  seed: number,
  inputNorm?: NetworkOptions["inputNorm"],
): MimNetwork {
  // The head's class count does not matter: only the trunk is kept.
  const network = buildNetwork(2, size, seed, { inputNorm });
  const trunk = network.model.getLayer(TRUNK_OUTPUT).output as tf.SymbolicTensor;
  const encoder = tf.model({ inputs: network.model.inputs, outputs: trunk, name: "chorus_mim_encoder" });
  const decoder = tf.layers.conv2d({
    filters: PATCH_SIZE * PATCH_SIZE,
    kernelSize: 1,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 101 + 97 }),
    name: "mim_decoder",
  });
  // Applying it to the symbolic trunk output builds its weights now, so they can be listed.
  decoder.apply(trunk);
  const variables = [...encoder.trainableWeights, ...decoder.trainableWeights].map(
    (weight) => weight.read() as tf.Variable,
  );
  return { encoder, decoder, variables };
}

/**
 * Reconstructed pixels (n x 48 x 48, [0, 1] scale) of masked inputs (n x 48 x 48 x 1). The pixel shuffle
 * is written as reshape/transpose because tfjs has no gradient for depthToSpace: channel dy*8+dx of cell
 * (cy, cx) becomes pixel (cy*8+dy, cx*8+dx).
 */
export function reconstruct(network: MimNetwork, masked: tf.Tensor4D, training: boolean): tf.Tensor3D {
  const n = masked.shape[0];
  const features = network.encoder.apply(masked, { training }) as tf.Tensor4D;
  const patches = network.decoder.apply(features) as tf.Tensor4D;
  const cells = tf.reshape(patches, [n, PATCHES_PER_SIDE, PATCHES_PER_SIDE, PATCH_SIZE, PATCH_SIZE]);
  return tf.reshape(tf.transpose(cells, [0, 1, 3, 2, 4]), [n, IMAGE_SIZE, IMAGE_SIZE]);
}

/**
 * Per-patch normalised pixels (n x 48 x 48): each 8x8 patch minus its mean, over its standard deviation
 * (MAE's normalised target); with `reference` given, maps normalised values back to pixels with the
 * reference patches' statistics (as MAE's pictures do).
 */
export function normalizePatches(pixels: tf.Tensor3D, reference?: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const n = pixels.shape[0];
    const grid = [n, PATCHES_PER_SIDE, PATCH_SIZE, PATCHES_PER_SIDE, PATCH_SIZE];
    const stats = tf.moments(tf.reshape(reference ?? pixels, grid), [2, 4], true);
    const std = tf.sqrt(tf.add(stats.variance, 1e-6));
    const cells = tf.reshape(pixels, grid);
    const out = reference ? tf.add(tf.mul(cells, std), stats.mean) : tf.div(tf.sub(cells, stats.mean), std);
    return tf.reshape(out, [n, IMAGE_SIZE, IMAGE_SIZE]);
  });
}

/** SimMIM's loss (eq. 1): mean absolute error over the masked pixels only (`mask` 1 = masked). */
export function maskedL1(prediction: tf.Tensor, target: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  const error = tf.sum(tf.mul(tf.abs(tf.sub(prediction, target)), mask));
  return tf.div(error, tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

/**
 * Initial classifier weights (getWeights order, for train()'s `initialWeights`) with the conv trunk taken
 * from a pretrained encoder and the dense layers seeded as usual. Throws when the encoder's layer shapes
 * do not fit the classifier (it was pretrained for another model size).
 */
export function initialWeightsFromEncoder(
  encoder: tf.LayersModel,
  classCount: number,
  size: ModelSize,
  seed: number,
): Float32Array[] {
  const network = buildNetwork(classCount, size, seed);
  try {
    for (const layer of encoder.layers) {
      const weights = layer.getWeights();
      if (weights.length === 0) continue;
      const target = network.model.getLayer(layer.name);
      const expected = target.getWeights().map((tensor) => tensor.shape.join("x"));
      const actual = weights.map((tensor) => tensor.shape.join("x"));
      if (expected.join() !== actual.join())
        throw new Error(
          `encoder layer ${layer.name} is ${actual.join()}, model size ${size} needs ${expected.join()}`,
        );
      target.setWeights(weights);
    }
    return network.model.getWeights().map((tensor) => Float32Array.from(tensor.dataSync()));
  } finally {
    network.model.dispose();
  }
}
