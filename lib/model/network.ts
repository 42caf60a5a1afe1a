// The CNN for 48x48 grayscale faces: a VGG-style stack (Simonyan & Zisserman 2015; FERPlus used VGG13)
// scaled down for CPU training: three blocks of two 3x3 conv + ReLU and a 2x2 max-pool, widths
// w, 2w, 4w (w = MODEL_WIDTHS[size]; settings.convBlocks 4 adds a fourth of 8w), then a dense layer of
// 8w units and the class logits.
// Batch norm is optional (settings.batchNorm): it adds per-pixel passes on this backend. Dropout (optional,
// settings.dropout) acts on the hidden layer's units only, with masks drawn by dropout.ts; it is applied
// by the training step between `features` and `head`, so the stored model has no dropout layer at all.
import * as tf from "@tensorflow/tfjs";
import { BatchNorm } from "./batch-norm-layer";
import { HorizontalFlip, PerImageStandardize } from "./layers";
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
  /** With batch norm: the BN layers, and a model from the pixels to each one's input (batch-norm.ts). */
  batchNorm: { layers: tf.layers.Layer[]; inputs: tf.LayersModel } | null;
};

/** Architecture options of the recipe (recipe-settings.ts); all off is the original network. */
export type NetworkOptions = {
  batchNorm?: boolean;
  inputNorm?: "range" | "perImage";
  ttaFlip?: boolean;
  /** Conv blocks, 3 (the default) or 4; each doubles the width of the one before. */
  convBlocks?: number;
};

/** Builds the network with weights initialised from `seed` (He normal for ReLU layers). */
export function buildNetwork(
  classCount: number,
  size: ModelSize,
  seed: number,
  options: NetworkOptions = {},
): Network {
  const width = MODEL_WIDTHS[size];
  let layerSeed = seed * 101;
  const init = () => tf.initializers.heNormal({ seed: layerSeed++ });
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: "pixels" });
  // Layers are created once and applied to the input (and, for test-time flip, to its mirror too).
  // Batch norm goes between each conv and its ReLU (Ioffe & Szegedy 2015, sec. 3.2); the conv then
  // needs no bias (BN's beta takes its place).
  const trunk: tf.layers.Layer[] = [
    options.inputNorm === "perImage"
      ? new PerImageStandardize({ name: "standardize" })
      : // [0, 1] -> [-1, 1] inside the model, so stored models take the same pixels the loader produces.
        tf.layers.rescaling({ scale: 2, offset: -1 }),
  ];
  const bnLayers: tf.layers.Layer[] = [];
  const bnInputIndex: number[] = [];
  const blockWidths = Array.from({ length: options.convBlocks ?? 3 }, (_, block) => width * 2 ** block);
  for (const [block, filters] of blockWidths.entries()) {
    for (let conv = 0; conv < 2; conv++) {
      const name = `block${block + 1}_conv${conv + 1}`;
      trunk.push(
        tf.layers.conv2d({
          filters,
          kernelSize: 3,
          padding: "same",
          activation: options.batchNorm ? "linear" : "relu",
          useBias: !options.batchNorm,
          kernelInitializer: init(),
          name,
        }),
      );
      if (options.batchNorm) {
        bnInputIndex.push(trunk.length);
        const bn = new BatchNorm({ name: `${name}_bn` });
        bnLayers.push(bn);
        trunk.push(bn, tf.layers.activation({ activation: "relu", name: `${name}_relu` }));
      }
    }
    trunk.push(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${block + 1}_pool` }));
  }
  const hiddenUnits = width * 8;
  trunk.push(
    tf.layers.flatten(),
    tf.layers.dense({ units: hiddenUnits, activation: "relu", kernelInitializer: init(), name: "hidden" }),
  );
  const head = tf.layers.dense({
    units: classCount,
    kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
    name: "logits",
  });
  const softmax = tf.layers.softmax({ name: "distribution" });
  const run = (from: tf.SymbolicTensor) => {
    const at: tf.SymbolicTensor[] = [from];
    for (const layer of trunk) at.push(layer.apply(at[at.length - 1]!) as tf.SymbolicTensor);
    return at;
  };
  const path = run(input);
  const hidden = path[path.length - 1]!;
  const logits = head.apply(hidden) as tf.SymbolicTensor;
  let distribution = softmax.apply(logits) as tf.SymbolicTensor;
  if (options.ttaFlip) {
    const mirrored = new HorizontalFlip({ name: "mirror" }).apply(input) as tf.SymbolicTensor;
    const mirroredPath = run(mirrored);
    const other = softmax.apply(head.apply(mirroredPath[mirroredPath.length - 1]!)) as tf.SymbolicTensor;
    distribution = tf.layers
      .average({ name: "flip_average" })
      .apply([distribution, other]) as tf.SymbolicTensor;
  }
  return {
    model: tf.model({ inputs: input, outputs: distribution, name: "chorus_fer" }),
    logits: tf.model({ inputs: input, outputs: logits, name: "chorus_fer_logits" }),
    features: tf.model({ inputs: input, outputs: hidden, name: "chorus_fer_features" }),
    head,
    hiddenUnits,
    batchNorm: options.batchNorm
      ? {
          layers: bnLayers,
          inputs: tf.model({
            inputs: input,
            outputs: bnInputIndex.map((i) => path[i]!),
            name: "chorus_fer_bn_inputs",
          }),
        }
      : null,
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

/**
 * Frees a model and every weight it holds. tfjs counts one reference per call of a layer, so the
 * layers the test-time flip applies twice (image and mirror) survive `model.dispose()` with one
 * reference left and their weights would leak; `getWeights()` returns the live variables, so those
 * still alive are freed here.
 */
export function disposeModel(model: tf.LayersModel): void {
  const weights = model.getWeights();
  model.dispose();
  for (const weight of weights) if (!weight.isDisposed) weight.dispose();
}
