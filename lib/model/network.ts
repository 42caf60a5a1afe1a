// The CNN for 48x48 grayscale faces: a VGG-style stack (Simonyan & Zisserman 2015; FERPlus used VGG13)
// scaled down for CPU training: three blocks of two 3x3 conv + ReLU and a 2x2 max-pool, widths
// w, 2w, 4w (w = MODEL_WIDTHS[size]), then a dense layer of 8w units and the class logits.
// No batch norm and no dropout: both add per-pixel passes that cost as much as a conv on this backend,
// and tfjs's seeded dropout repeats the same mask every batch. Random crop + flip regularise instead.
import * as tf from "@tensorflow/tfjs";
import { MODEL_WIDTHS, type ModelSize } from "./settings";
import { IMAGE_SIZE } from "./types";

export type Network = {
  /** Pixels in [0, 1] -> class distribution (softmax). This is what gets stored and served. */
  model: tf.LayersModel;
  /** Same layers, stopping at the logits: the training loss uses them (log-softmax is stabler). */
  logits: tf.LayersModel;
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
  x = tf.layers
    .dense({ units: width * 8, activation: "relu", kernelInitializer: init(), name: "hidden" })
    .apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      units: classCount,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
      name: "logits",
    })
    .apply(x) as tf.SymbolicTensor;
  const distribution = tf.layers.softmax({ name: "distribution" }).apply(logits) as tf.SymbolicTensor;
  return {
    model: tf.model({ inputs: input, outputs: distribution, name: "chorus_fer" }),
    logits: tf.model({ inputs: input, outputs: logits, name: "chorus_fer_logits" }),
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
