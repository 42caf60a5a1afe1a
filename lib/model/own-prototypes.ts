// Feature-based PLL disambiguation from the model's OWN penultimate features, during training: the
// seed paper (Wang, Sebe & Lepri, arXiv 2209.15402) lets learned features, not only votes, decide which
// candidate an ambiguous face carries. As in PiCO (Wang et al., ICLR 2022, sec. 4.2-4.3) every class
// keeps a prototype in the normalised embedding, a moving average over the images whose current
// pseudo-label (the argmax of their candidate weights) is that class:
//   mu_c <- normalise(m mu_c + (1 - m) z_i / |z_i|)   for c = argmax_k w_ik,
// and an image's feature prior over its candidates is softmax_{k in S_i}(cos(z_i, mu_k) / T). The
// prior is read with the prototypes as they stand before the image updates them. Images are visited
// in batch order on the main thread, so the result does not depend on the thread count.
import { PROTOTYPE_TEMPERATURE } from "./feature-prior";

export class PrototypeTracker {
  /** k x dim, unit length (or zero for a class not yet seen). */
  readonly prototypes: Float64Array;

  constructor(
    readonly classCount: number,
    readonly dim: number,
    readonly momentum: number,
  ) {
    this.prototypes = new Float64Array(classCount * dim);
  }

  /** Writes the prior over `candidates` (K flags at `candidateOffset`) into `out` at `outOffset`. */
  prior(
    features: ArrayLike<number>,
    featureOffset: number,
    candidates: ArrayLike<number>,
    candidateOffset: number,
    out: Float32Array,
    outOffset: number,
  ): void {
    const { classCount: k, dim } = this;
    const norm = this.norm(features, featureOffset);
    const scores = new Float64Array(k);
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      if (!candidates[candidateOffset + c]) continue;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += features[featureOffset + d]! * this.prototypes[c * dim + d]!;
      scores[c] = dot / norm / PROTOTYPE_TEMPERATURE;
      max = Math.max(max, scores[c]!);
    }
    let total = 0;
    for (let c = 0; c < k; c++) if (candidates[candidateOffset + c]) total += Math.exp(scores[c]! - max);
    for (let c = 0; c < k; c++)
      out[outOffset + c] = candidates[candidateOffset + c] ? Math.exp(scores[c]! - max) / total : 0;
  }

  /** Moves the prototype of `label` towards the normalised `features`. */
  update(features: ArrayLike<number>, featureOffset: number, label: number): void {
    const { dim, momentum } = this;
    const norm = this.norm(features, featureOffset);
    const at = label * dim;
    let length = 0;
    for (let d = 0; d < dim; d++) {
      const value =
        momentum * this.prototypes[at + d]! + ((1 - momentum) * features[featureOffset + d]!) / norm;
      this.prototypes[at + d] = value;
      length += value * value;
    }
    length = Math.sqrt(length) || 1;
    for (let d = 0; d < dim; d++) this.prototypes[at + d]! /= length;
  }

  private norm(features: ArrayLike<number>, offset: number): number {
    let sum = 0;
    for (let d = 0; d < this.dim; d++) sum += features[offset + d]! ** 2;
    return Math.sqrt(sum) || 1;
  }
}
