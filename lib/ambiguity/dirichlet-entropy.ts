// Closed-form facts about the entropy of a Dirichlet-distributed label distribution, shared by the
// retirement rule (how settled is an image?) and model-in-the-loop assignment (what would a vote teach?).
import { distributionEntropy as entropy, normalize, total as sum } from "./distribution";
import { digamma, trigamma } from "./special-functions";

/**
 * Exact posterior mean and variance of the Shannon entropy H(theta) for theta ~ Dirichlet(alpha),
 * A = sum alpha (Wolpert & Wolf 1995, Phys. Rev. E 52(6); in this form Archer, Park & Pillow 2013,
 * "Bayesian and quasi-Bayesian estimators for mutual information", Entropy 15, eqs. 5-6):
 *   E[H]   = psi(A+1) - sum_i (alpha_i/A) psi(alpha_i+1)
 *   E[H^2] = sum_{i!=k} alpha_i alpha_k / ((A+1)A) [(psi(alpha_i+1)-psi(A+2))(psi(alpha_k+1)-psi(A+2)) - psi'(A+2)]
 *          + sum_i alpha_i(alpha_i+1) / ((A+1)A) [(psi(alpha_i+2)-psi(A+2))^2 + psi'(alpha_i+2) - psi'(A+2)]
 * Labels with alpha_i = 0 carry no mass and drop out.
 */
export function dirichletEntropyMoments(alpha: readonly number[]): { mean: number; variance: number } {
  const active = alpha.filter((a) => a > 0);
  const total = sum(active);
  if (total <= 0) throw new RangeError("a Dirichlet needs some positive alpha");
  const psiA2 = digamma(total + 2);
  const triA2 = trigamma(total + 2);
  let mean = digamma(total + 1);
  let cross = 0; // sum_i alpha_i u_i with u_i = psi(alpha_i+1) - psi(A+2)
  let crossSquares = 0; // sum_i alpha_i^2 u_i^2, removed to keep i != k
  let alphaSquares = 0;
  let diagonal = 0;
  for (const a of active) {
    mean -= (a / total) * digamma(a + 1);
    const u = digamma(a + 1) - psiA2;
    cross += a * u;
    crossSquares += a * a * u * u;
    alphaSquares += a * a;
    const v = digamma(a + 2) - psiA2;
    diagonal += a * (a + 1) * (v * v + trigamma(a + 2) - triA2);
  }
  const offDiagonal = cross * cross - crossSquares - (total * total - alphaSquares) * triA2;
  const second = (offDiagonal + diagonal) / ((total + 1) * total);
  return { mean, variance: Math.max(0, second - mean * mean) };
}

/**
 * Expected information gain of one more vote y about theta ~ Dirichlet(alpha):
 *   I(theta; y) = H(E[theta]) - E[H(theta)]
 * the BALD criterion of Houlsby et al. 2011 ("Bayesian Active Learning for Classification and
 * Preference Learning", arXiv 1112.5745, eq. 2), with E[H(theta)] in closed form from above. It equals
 * the posterior expected KL(theta || E[theta]): how far, on average, the true distribution still is
 * from the current estimate. Both shrink roughly as (labels in play - 1) / (2 (votes + prior)).
 */
export function expectedInformationGain(alpha: readonly number[]): number {
  if (sum(alpha) <= 0) throw new RangeError("a Dirichlet needs some positive alpha");
  return Math.max(0, entropy(normalize(alpha)) - dirichletEntropyMoments(alpha).mean);
}
