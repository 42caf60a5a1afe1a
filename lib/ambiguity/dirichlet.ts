// Small operations on label distributions (arrays of probabilities in the project's label order)
// and count vectors. Natural logarithms throughout: entropies and divergences are in nats.

/** Sum of an array. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Counts or weights scaled to sum to 1; an all-zero vector becomes uniform (no information). */
export function normalize(values: readonly number[]): number[] {
  const total = sum(values);
  if (values.some((value) => value < 0 || !Number.isFinite(value))) {
    throw new RangeError("a distribution needs finite, non-negative entries");
  }
  if (total === 0) return values.map(() => 1 / values.length);
  return values.map((value) => value / total);
}

/** Shannon entropy H(p) = -sum p_k ln p_k (Shannon 1948), with 0 ln 0 = 0. */
export function entropy(distribution: readonly number[]): number {
  let h = 0;
  for (const p of distribution) if (p > 0) h -= p * Math.log(p);
  return h;
}

/**
 * Kullback-Leibler divergence KL(p || q) = sum p_k ln(p_k / q_k) (Cover & Thomas 2006, eq. 2.26).
 * Infinite when q_k = 0 < p_k: callers smooth q (see `posteriorMean`) so that never happens.
 */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  let kl = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k]!;
    if (pk === 0) continue;
    const qk = q[k] ?? 0;
    if (qk === 0) return Infinity;
    kl += pk * Math.log(pk / qk);
  }
  return kl;
}

/** Mixture (1 - epsilon) p + epsilon u with the uniform u: additive smoothing for fixed references. */
export function mixWithUniform(distribution: readonly number[], epsilon: number): number[] {
  const k = distribution.length;
  return distribution.map((p) => (1 - epsilon) * p + epsilon / k);
}

/**
 * The Dirichlet prior over an image's label distribution: `strength` pseudo-votes spread as the
 * project's label prior (empirical Bayes base measure; Gelman et al., BDA3 section 5.3).
 */
export function dirichletPrior(labelPrior: readonly number[], strength: number): number[] {
  return normalize(labelPrior).map((m) => strength * m);
}

/** Posterior Dirichlet parameters after observing `counts`: alpha + counts (conjugacy; BDA3 section 3.4). */
export function posteriorAlpha(counts: readonly number[], prior: readonly number[]): number[] {
  return counts.map((count, k) => count + (prior[k] ?? 0));
}

/**
 * The estimated distribution of an image: the posterior mean (c_k + alpha_k) / (n + A). This is the
 * smoothing used wherever an estimate meets a KL divergence, so it is strictly positive when every
 * alpha_k > 0.
 */
export function posteriorMean(counts: readonly number[], prior: readonly number[]): number[] {
  return normalize(posteriorAlpha(counts, prior));
}

/**
 * The project-wide label prior from total counts per label, with add-one (Laplace) smoothing so that
 * a label nobody has chosen yet keeps a small, non-zero share.
 */
export function labelPriorFromTotals(totals: readonly number[]): number[] {
  return normalize(totals.map((total) => total + 1));
}

/** Expands a count vector into its multiset of labels, e.g. [2, 0, 1] -> [0, 0, 2]. */
export function countsToLabels(counts: readonly number[]): number[] {
  const labels: number[] = [];
  counts.forEach((count, label) => {
    for (let i = 0; i < count; i++) labels.push(label);
  });
  return labels;
}
