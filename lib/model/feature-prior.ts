// Feature-based PLL disambiguation from the first epoch: the seed paper (Wang, Sebe & Lepri, arXiv
// 2209.15402) lets features learned by masked image modeling, not only the votes, decide which candidate
// label an ambiguous face carries. Before training, each image's pretrained embedding is compared with
// class prototypes in that embedding (the vote-share-weighted mean of the normalised embeddings of each
// class, as in prototype-based PLL, e.g. PiCO, Wang et al., ICLR 2022, sec. 4.2); a softmax over the
// candidate classes' cosine similarities gives a feature prior, mixed into PRODEN's initial weights:
//   w_ik = (1 - alpha) * votes_ik + alpha * softmax_{j in S_i}(cos(f_i, mu_j) / T)_k   for k in S_i.
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

/** Softmax temperature over cosine similarities (PiCO's prototype temperature scale). */
export const PROTOTYPE_TEMPERATURE = 0.1;
const BATCH = 256;

/** Pretrained embeddings of `n` images: the encoder's feature map, averaged over positions, per image. */
export function encoderEmbeddings(encoder: tf.LayersModel, pixels: Float32Array, n: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let start = 0; start < n; start += BATCH) {
    const m = Math.min(BATCH, n - start);
    const pooled = tf.tidy(() => {
      const x = tf.tensor4d(pixels.subarray(start * PIXELS_PER_IMAGE, (start + m) * PIXELS_PER_IMAGE), [
        m,
        IMAGE_SIZE,
        IMAGE_SIZE,
        1,
      ]);
      return tf.mean(encoder.predict(x) as tf.Tensor4D, [1, 2]);
    });
    const values = pooled.dataSync() as Float32Array;
    const dim = pooled.shape[1]!;
    for (let i = 0; i < m; i++) out.push(values.slice(i * dim, (i + 1) * dim));
    pooled.dispose();
  }
  return out;
}

/**
 * The feature prior (n x k, zero outside each image's candidates): prototypes from `weights` (n x k, the
 * vote-share targets), cosine similarity of each normalised embedding to each prototype, softmax at
 * PROTOTYPE_TEMPERATURE over the candidates.
 */
export function prototypePrior(
  embeddings: Float32Array[],
  weights: Float32Array,
  candidates: Uint8Array,
  k: number,
): Float32Array {
  const n = embeddings.length;
  const dim = embeddings[0]?.length ?? 0;
  const unit = embeddings.map((e) => {
    const norm = Math.hypot(...e) || 1;
    return e.map((v) => v / norm);
  });
  const prototypes = Array.from({ length: k }, () => new Float64Array(dim));
  for (let i = 0; i < n; i++)
    for (let c = 0; c < k; c++) {
      const w = weights[i * k + c]!;
      if (w > 0) for (let d = 0; d < dim; d++) prototypes[c]![d]! += w * unit[i]![d]!;
    }
  for (const prototype of prototypes) {
    const norm = Math.hypot(...prototype) || 1;
    for (let d = 0; d < dim; d++) prototype[d]! /= norm;
  }
  const prior = new Float32Array(n * k);
  const scores = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      if (!candidates[i * k + c]) continue;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unit[i]![d]! * prototypes[c]![d]!;
      scores[c] = dot / PROTOTYPE_TEMPERATURE;
      max = Math.max(max, scores[c]!);
    }
    let total = 0;
    for (let c = 0; c < k; c++) if (candidates[i * k + c]) total += Math.exp(scores[c]! - max);
    for (let c = 0; c < k; c++)
      prior[i * k + c] = candidates[i * k + c] ? Math.exp(scores[c]! - max) / total : 0;
  }
  return prior;
}
