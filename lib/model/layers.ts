// Two parameter-free layers of the recipe, registered with tfjs's serialisation so that stored models
// that contain them load again (importing this module registers them; network.ts does).
import * as tf from "@tensorflow/tfjs";

/**
 * Per-image standardisation: (x - mean) / std over each image's pixels. FERPlus's preprocessing
 * (microsoft/FERPlus src/img_util.py preproc_img) equalises the histogram, removes the best-fit
 * illumination plane and divides by the std; this keeps the zero-mean, unit-std part, which fits in
 * the model (so served and evaluated inputs are scaled alike).
 */
export class PerImageStandardize extends tf.layers.Layer {
  static readonly className = "PerImageStandardize";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const { mean, variance } = tf.moments(x, [1, 2, 3], true);
      return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6)));
    });
  }
}

/** Mirrors images left-right (NHWC: axis 2), for test-time flip averaging inside the stored model. */
export class HorizontalFlip extends tf.layers.Layer {
  static readonly className = "HorizontalFlip";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.reverse(Array.isArray(inputs) ? inputs[0]! : inputs, 2));
  }
}

tf.serialization.registerClass(PerImageStandardize);
tf.serialization.registerClass(HorizontalFlip);
