// The Dirichlet posterior over an image's label distribution: prior, posterior parameters and mean,
// shared by retirement, model-in-the-loop assignment, the policy simulation and the gold references.
import { normalize } from "./distribution";

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
