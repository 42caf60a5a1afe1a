// Per-image measures over a vote count vector (one count per label, in the project's label order).
// Pure functions over plain arrays: no Prisma, no HTTP, so they can be checked against reference values.

/** Counts with the labels at `dropIndices` set to 0 (e.g. `unknown` / `not_a_face` for emotions-only measures). */
export function dropLabels(counts: readonly number[], dropIndices: readonly number[]): number[] {
  if (dropIndices.length === 0) return [...counts];
  return counts.map((count, index) => (dropIndices.includes(index) ? 0 : count));
}

/** Sum of a count vector. */
export function total(counts: readonly number[]): number {
  let sum = 0;
  for (const count of counts) sum += count;
  return sum;
}

/** Relative frequencies p_i = c_i / sum(c); all zeros when there are no votes. */
export function toDistribution(counts: readonly number[]): number[] {
  const sum = total(counts);
  return counts.map((count) => (sum > 0 ? count / sum : 0));
}

/**
 * Counts or weights scaled to sum to 1; an all-zero vector becomes uniform (no information), unlike
 * `toDistribution`, which keeps it all zeros for the tables. Used where a distribution must be proper
 * (Dirichlet priors, gold references); a negative or non-finite entry is a RangeError.
 */
export function normalize(values: readonly number[]): number[] {
  const sum = total(values);
  if (values.some((value) => value < 0 || !Number.isFinite(value))) {
    throw new RangeError("a distribution needs finite, non-negative entries");
  }
  if (sum === 0) return values.map(() => 1 / values.length);
  return values.map((value) => value / sum);
}

/** Mixture (1 - epsilon) p + epsilon u with the uniform u: additive smoothing for fixed references. */
export function mixWithUniform(distribution: readonly number[], epsilon: number): number[] {
  const k = distribution.length;
  return distribution.map((p) => (1 - epsilon) * p + epsilon / k);
}

/** Expands a count vector into its multiset of labels, e.g. [2, 0, 1] -> [0, 0, 2]. */
export function countsToLabels(counts: readonly number[]): number[] {
  const labels: number[] = [];
  counts.forEach((count, label) => {
    for (let i = 0; i < count; i++) labels.push(label);
  });
  return labels;
}

/**
 * Shannon entropy in nats, H(p) = -sum_i p_i ln p_i (Shannon 1948, "A Mathematical Theory of
 * Communication", eq. 4, with the natural logarithm), of the distribution of `counts`; 0 for no votes.
 * Same measure as the database's `chorus_entropy` (prisma/sql/02_chorus_entropy.sql), the one home of
 * the stored `images.entropy`; tests/integration/entropy-oracle.test.ts holds the two together.
 */
export function entropy(counts: readonly number[]): number {
  const sum = total(counts);
  if (sum <= 0) return 0;
  let h = 0;
  for (const count of counts) {
    if (count > 0) {
      const p = count / sum;
      h -= p * Math.log(p);
    }
  }
  return h;
}

/** Entropy of a probability vector (nats); zero entries contribute nothing (0 ln 0 = 0). */
export function distributionEntropy(distribution: readonly number[]): number {
  let h = 0;
  for (const p of distribution) if (p > 0) h -= p * Math.log(p);
  return h;
}

/**
 * Entropy divided by its maximum ln K (K = number of labels), so 0 = unanimous and 1 = uniform
 * (Pielou's evenness, Pielou 1966, J. Theoret. Biol. 13:131). K = 1 or no votes gives 0.
 */
export function normalizedEntropy(counts: readonly number[], labelCount = counts.length): number {
  if (labelCount < 2) return 0;
  return entropy(counts) / Math.log(labelCount);
}

/**
 * Index of the largest value. Tie rule: the first of the values sharing it wins (the same choice as
 * numpy's argmax, which FERPlus and crowd-kit use); 0 for an empty list.
 */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Majority label index (the argmax of the counts, so ties go to the label that comes first in the
 * project's label order), or null when there are no votes.
 */
export function majority(counts: readonly number[]): number | null {
  const top = argmax(counts);
  return (counts[top] ?? 0) > 0 ? top : null;
}

/** Indices of every label sharing the highest count (empty without votes): the honest answer to "which majority". */
export function tiedLeaders(counts: readonly number[]): number[] {
  const top = Math.max(0, ...counts);
  if (top <= 0) return [];
  return counts.flatMap((count, index) => (count === top ? [index] : []));
}

/**
 * Kullback-Leibler divergence KL(p || q) in nats (Kullback & Leibler 1951; Cover & Thomas 2006, eq. 2.26);
 * q_i = 0 with p_i > 0 gives Infinity: callers that need it finite smooth q (see `posteriorMean`).
 */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  let kl = 0;
  p.forEach((pi, index) => {
    if (pi > 0) kl += pi * Math.log(pi / (q[index] ?? 0));
  });
  return kl;
}

/**
 * Jensen-Shannon divergence in nats, JSD(p, q) = KL(p || m)/2 + KL(q || m)/2 with m = (p + q)/2
 * (Lin 1991, "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37(1), eq. 4.1).
 * Symmetric, finite, and bounded by ln 2.
 */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  const m = p.map((pi, index) => (pi + (q[index] ?? 0)) / 2);
  return klDivergence(p, m) / 2 + klDivergence(q, m) / 2;
}
