// Training targets per paradigm. All four minimise the same loss, cross-entropy against a per-image
// target distribution q over the K emotions,  L = -(1/B) sum_i sum_k q_ik log softmax(z_i)_k,
// and differ only in q (so the comparison holds the model, data and budget fixed):
//   majority: q = one-hot FERPlus majority label         (Barsoum et al. 2016, sec. 3.1 "majority voting")
//   soft:     q = FERPlus-processed vote distribution      (sec. 3.4 "cross-entropy loss")
//   pld:      q = one-hot label drawn from that distribution, redrawn every epoch (sec. 3.3 "probabilistic
//             label drawing")
//   pll:      q = PRODEN weights over the candidate set S_i (Lv et al., "Progressive Identification of True
//             Labels for Partial-Label Learning", ICML 2020, eq. 5-6): initialised from the vote shares
//             w_ik = c_ik / sum_{j in S_i} c_ij, then after each epoch w_ik = p_ik / sum_{j in S_i} p_ij for
//             k in S_i (0 outside), p = the model's softmax output for image i during that epoch.
//             This is the seed paper's view of ambiguous FER as partial-label learning (Wang, Sebe &
//             Lepri, arXiv 2209.15402).
//             Optionally (recipe-settings.ts) the update mixes in the vote shares v and a prior r from
//             the model's own features (own-prototypes.ts), each renormalised over S_i:
//               w_ik = (1 - beta - gamma) p_ik / sum_{S_i} p + beta r_ik + gamma v_ik,
//             and may scale p by a per-class ratio first (distribution alignment, distribution-alignment.ts).
import type { CandidateRule } from "./recipe-settings";
import { candidateSet, processVotes } from "./votes";
import type { Paradigm } from "./settings";
import type { LabeledSet } from "./types";

/** Per-epoch training targets for the images a paradigm keeps. */
export class ParadigmTargets {
  /** Rows of the labeled set that take part (FERPlus drops images without a usable emotion answer). */
  readonly rows: number[] = [];
  /** q (or the distribution pld samples from), rows.length x K. */
  readonly base: Float32Array;
  /** pll only: 1 where class k is in image i's candidate set. */
  readonly candidates: Uint8Array | null;
  /** K: the emotion classes every row of `base` spans. */
  readonly classCount: number;

  constructor(
    readonly paradigm: Paradigm,
    set: LabeledSet,
    classCount: number,
    candidateRule: number | CandidateRule,
  ) {
    this.classCount = classCount;
    const mode = paradigm === "majority" ? "majority" : "crossentropy";
    const targets: number[][] = [];
    const masks: number[][] = [];
    set.counts.forEach((counts, row) => {
      const processed = processVotes(counts, set.nonEmotionCounts?.[row] ?? [], mode);
      if (!processed) return;
      this.rows.push(row);
      if (paradigm !== "pll") {
        targets.push(processed);
        return;
      }
      const candidates = candidateSet(counts, candidateRule);
      const mask = counts.map((_, k) => (candidates.includes(k) ? 1 : 0));
      const votes = candidates.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
      masks.push(mask);
      targets.push(
        mask.map((inSet, k) => (inSet ? (votes > 0 ? (counts[k] ?? 0) / votes : 1 / candidates.length) : 0)),
      );
    });
    this.base = Float32Array.from(targets.flat());
    this.candidates = paradigm === "pll" ? Uint8Array.from(masks.flat()) : null;
    this.voteShares = this.candidates ? this.base.slice() : null;
  }

  /** pll only: the initial (vote-share) weights, kept for the update's vote term. */
  readonly voteShares: Float32Array | null;

  get size(): number {
    return this.rows.length;
  }

  /** The class of image `index` with the largest current weight (ties: the lower index). */
  pseudoLabel(index: number): number {
    const k = this.classCount;
    let best = 0;
    for (let c = 1; c < k; c++) if (this.base[index * k + c]! > this.base[index * k + best]!) best = c;
    return best;
  }

  /** q for this epoch (pld draws a fresh one-hot label per image with `random`). */
  forEpoch(random: () => number): Float32Array {
    if (this.paradigm !== "pld") return this.base;
    const k = this.classCount;
    const drawn = new Float32Array(this.base.length);
    for (let i = 0; i < this.size; i++) {
      let u = random();
      let pick = k - 1;
      for (let c = 0; c < k; c++) {
        u -= this.base[i * k + c]!;
        if (u < 0) {
          pick = c;
          break;
        }
      }
      // Rounding can leave u >= 0 after the last class: fall back to the last class with mass.
      while (this.base[i * k + pick]! === 0 && pick > 0) pick--;
      drawn[i * k + pick] = 1;
    }
    return drawn;
  }

  /**
   * pll: mixes a prior over the candidates (rows x K, e.g. feature-prior.ts) into the initial weights,
   * w = (1 - alpha) * w + alpha * prior; both sum to 1 over each image's candidates, and so does w.
   */
  mixPrior(prior: Float32Array, alpha: number): void {
    if (!this.candidates) return;
    for (let i = 0; i < this.base.length; i++)
      if (this.candidates[i]) this.base[i] = (1 - alpha) * this.base[i]! + alpha * prior[i]!;
  }

  /**
   * pll: PRODEN re-estimate of image `index`'s weights from the model's distribution `probs` (at
   * `offset`), optionally mixed with the vote shares (`mix.votes`) and a feature prior (`mix.prior`,
   * K values at `mix.priorOffset`, renormalised over the candidates here). `mix.scale` (K values,
   * distribution-alignment.ts) multiplies the prediction before its renormalisation.
   */
  updateWeights(
    index: number,
    probs: ArrayLike<number>,
    offset = 0,
    mix?: {
      votes: number;
      prototypes: number;
      prior?: ArrayLike<number>;
      priorOffset?: number;
      scale?: ArrayLike<number>;
    },
  ): void {
    if (!this.candidates) return;
    const k = this.classCount;
    const inSet = (c: number) => this.candidates![index * k + c]!;
    const beta = mix?.prior ? mix.prototypes : 0;
    const gamma = mix?.votes ?? 0;
    const scaled = (c: number) => probs[offset + c]! * (mix?.scale ? mix.scale[c]! : 1);
    let total = 0;
    let priorTotal = 0;
    let size = 0;
    for (let c = 0; c < k; c++) {
      if (!inSet(c)) continue;
      total += scaled(c);
      if (beta > 0) priorTotal += mix!.prior![(mix!.priorOffset ?? 0) + c]!;
      size++;
    }
    for (let c = 0; c < k; c++) {
      if (!inSet(c)) {
        this.base[index * k + c] = 0;
        continue;
      }
      // All candidates underflowed to 0: spread that term's weight evenly over the set.
      const p = total > 0 ? scaled(c) / total : 1 / size;
      const r =
        beta > 0 ? (priorTotal > 0 ? mix!.prior![(mix!.priorOffset ?? 0) + c]! / priorTotal : 1 / size) : 0;
      const v = gamma > 0 ? this.voteShares![index * k + c]! : 0;
      this.base[index * k + c] = (1 - beta - gamma) * p + beta * r + gamma * v;
    }
  }
}

/** L = -(1/B) sum_i sum_k q_ik log softmax(z_i)_k, in plain numbers (tests, reference values). */
export function crossEntropy(
  logits: readonly (readonly number[])[],
  targets: readonly (readonly number[])[],
): number {
  let total = 0;
  logits.forEach((z, i) => {
    const max = Math.max(...z);
    const logSum = max + Math.log(z.reduce((sum, value) => sum + Math.exp(value - max), 0));
    z.forEach((value, k) => {
      total -= (targets[i]?.[k] ?? 0) * (value - logSum);
    });
  });
  return total / logits.length;
}
