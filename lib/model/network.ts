// The CNN for 48x48 grayscale faces: a VGG-style stack (Simonyan & Zisserman 2015; FERPlus used VGG13)
// scaled down for CPU training: three blocks of two 3x3 conv + ReLU and a 2x2 max-pool, widths
// w, 2w, 4w (w = MODEL_WIDTHS[size]), then a dense layer of 8w units and the class logits.
// No batch norm: it adds per-pixel passes that cost as much as a conv on this backend. Dropout (optional,
// settings.dropout) acts on the hidden layer's units only, with masks drawn by dropout.ts; it is applied
// by the training step between `features` and `head`, so the stored model has no dropout layer at all.
import * as tf from "@tensorflow/tfjs";
import { MODEL_WIDTHS, type ModelSize } from "./settings";
import { IMAGE_SIZE } from "./types";

export type Network = {
  /** Pixels in [0, 1] -> class distribution (softmax). This is what gets stored and served. */
  model: tf.LayersModel;
  /** Same layers, stopping at the logits (log-softmax is stabler for the loss). */
  logits: tf.LayersModel;
  /** Same layers, stopping at the hidden layer's activations (where dropout masks apply). */
  features: tf.LayersModel;
  /** The last dense layer: hidden activations -> logits. */
  head: tf.layers.Layer;
  /** Units of the hidden layer (the width of a dropout mask per image). */
  hiddenUnits: number;
};

/** Builds the network with weights initialised from `seed` (He normal for ReLU layers). */
export function buildNetwork(classCount: number, size: ModelSize, seed: number): Network {
  const width = MODEL_WIDTHS[size];
  let layerSeed = seed * 101;
  const init = () => tf.initializers.heNormal({ seed: layerSeed++ });
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: "pixels" });
  // [0, 1] -> [-1, 1] inside the model, so stored models take the same pixels the loader produces.
  let x = tf.layers.rescaling({ scale: 2, offset: -1 }).apply(input) as tf.SymbolicTensor;
  for (const [block, filters] of [width, width * 2, width * 4].entries()) {
    for (let conv = 0; conv < 2; conv++) {
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: 3,
          padding: "same",
          activation: "relu",
          kernelInitializer: init(),
          name: `block${block + 1}_conv${conv + 1}`,
        })
        .apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers
      .maxPooling2d({ poolSize: 2, strides: 2, name: `block${block + 1}_pool` })
      .apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const hiddenUnits = width * 8;
  const hidden = tf.layers
    .dense({ units: hiddenUnits, activation: "relu", kernelInitializer: init(), name: "hidden" })
    .apply(x) as tf.SymbolicTensor;
  const head = tf.layers.dense({
    units: classCount,
    kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
    name: "logits",
  });
  const logits = head.apply(hidden) as tf.SymbolicTensor;
  const distribution = tf.layers.softmax({ name: "distribution" }).apply(logits) as tf.SymbolicTensor;
  return {
    model: tf.model({ inputs: input, outputs: distribution, name: "chorus_fer" }),
    logits: tf.model({ inputs: input, outputs: logits, name: "chorus_fer_logits" }),
    features: tf.model({ inputs: input, outputs: hidden, name: "chorus_fer_features" }),
    head,
    hiddenUnits,
  };
}

/** Multiply-add FLOPs (2 per MAC) of one forward pass of one image through the conv and dense layers. */
export function forwardFlops(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as number[];
    if (layer.getClassName() === "Conv2D") {
      const kernel = layer.getWeights()[0]!.shape as number[];
      flops += 2 * (out[1] ?? 0) * (out[2] ?? 0) * kernel[0]! * kernel[1]! * kernel[2]! * kernel[3]!;
    } else if (layer.getClassName() === "Dense") {
      const kernel = layer.getWeights()[0]!.shape as number[];
      flops += 2 * kernel[0]! * kernel[1]!;
    }
  }
  return flops;
}
