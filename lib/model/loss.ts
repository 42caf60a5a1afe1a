// The one training loss of every paradigm (see paradigms.ts for the targets q):
//   L = -(1/B) sum_i sum_k q_ik log softmax(z_i)_k
// Computed from log-softmax (log-sum-exp shifted by the max), which stays finite for large logits.
import * as tf from "@tensorflow/tfjs";

/** Mean cross-entropy of targets `q` ([B, K]) against log-probabilities ([B, K]). */
export function crossEntropyFromLogProbabilities(logProbabilities: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(
    () => tf.neg(tf.sum(tf.mul(q, logProbabilities))).div(logProbabilities.shape[0]) as tf.Scalar,
  );
}

/** Mean cross-entropy of targets `q` ([B, K]) against the distributions softmax(logits). */
export function crossEntropyLoss(logits: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => crossEntropyFromLogProbabilities(tf.logSoftmax(logits), q));
}
