// Retirement rule on constructed count sequences, and the closed-form entropy moments it rests on.
import { describe, expect, it } from "vitest";
import { dirichletEntropyMoments, expectedInformationGain } from "../../../lib/ambiguity/dirichlet-entropy";
import { distributionEntropy as entropy } from "../../../lib/ambiguity/distribution";
import { dirichletDraw, seededRng } from "../../../lib/random";
import {
  entropyIntervalMonteCarlo,
  entropyIntervalWidth,
  retirementReason,
  type RetirementSettings,
} from "../../../lib/tasks/policies/retirement";
import { digamma, trigamma } from "../../../lib/ambiguity/special-functions";

describe("special functions", () => {
  it("match reference values (Abramowitz & Stegun tables)", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10); // -Euler's gamma
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 10); // -gamma - 2 ln 2
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 10);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 10);
  });
});

describe("dirichletEntropyMoments", () => {
  it("matches hand values for Dirichlet(1, 1) and Monte Carlo elsewhere", () => {
    // Dirichlet(1,1): theta ~ U(0,1); E[H] = psi(3) - psi(2) = 1/2.
    expect(dirichletEntropyMoments([1, 1]).mean).toBeCloseTo(0.5, 12);
    for (const alpha of [
      [1, 1, 1],
      [5, 0.1, 0.1, 2],
      [10.3, 0.05, 0.2, 0.05],
    ]) {
      const rng = seededRng(11);
      const draws = Array.from({ length: 40000 }, () => entropy(dirichletDraw(rng, alpha)));
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
      const moments = dirichletEntropyMoments(alpha);
      expect(moments.mean).toBeCloseTo(mean, 2);
      expect(Math.abs(moments.variance - variance) / variance).toBeLessThan(0.05);
    }
  });

  it("gives the BALD information gain ln 2 - 1/2 for Dirichlet(1, 1)", () => {
    expect(expectedInformationGain([1, 1])).toBeCloseTo(Math.LN2 - 0.5, 12);
    // More votes, less to learn.
    expect(expectedInformationGain([10, 10])).toBeLessThan(expectedInformationGain([1, 1]));
  });

  it("interval width: the normal approximation agrees with Monte Carlo percentiles", () => {
    const prior = [0.25, 0.25, 0.25, 0.25];
    for (const counts of [
      [5, 5, 0, 0],
      [3, 2, 2, 1],
    ]) {
      const monteCarlo = entropyIntervalMonteCarlo(counts, prior, seededRng(3), 4000);
      expect(entropyIntervalWidth(counts, prior)).toBeCloseTo(monteCarlo.width, 1);
    }
  });
});

const prior = [0.4, 0.3, 0.2, 0.1]; // strength 1
const base = { prior, entropyWidth: 0.9, expectedKl: 0.1, minVotes: 3, maxVotes: 10 };

/** The vote number at which a sequence of labels retires, or null. */
function retiresAt(labels: number[], settings: RetirementSettings): { at: number; reason: string } | null {
  const counts = [0, 0, 0, 0];
  for (const [i, label] of labels.entries()) {
    counts[label]! += 1;
    const reason = retirementReason(counts, settings);
    if (reason) return { at: i + 1, reason };
  }
  return null;
}

describe("retirementReason", () => {
  const kl: RetirementSettings = { ...base, rule: "expected_kl" };
  const width: RetirementSettings = { ...base, rule: "entropy_interval" };

  it("expected_kl: a unanimous image retires early, a split one later, a scattered one at the cap", () => {
    expect(retiresAt([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], kl)).toEqual({ at: 7, reason: "settled" }); // expected KL 0.109 at 6, 0.095 at 7
    expect(retiresAt([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], kl)).toEqual({ at: 9, reason: "settled" }); // 0.103 at 8, 0.093 at 9
    expect(retiresAt([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], kl)).toEqual({ at: 10, reason: "max_votes" });
  });

  it("never retires below minVotes, however unanimous", () => {
    expect(retirementReason([2, 0, 0, 0], { ...kl, expectedKl: 10 })).toBeNull();
    expect(retirementReason([3, 0, 0, 0], { ...kl, expectedKl: 10 })).toBe("settled");
  });

  it("entropy_interval: split images settle before unanimous ones (entropy is steep near 0)", () => {
    const unanimous = retiresAt([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], width);
    const split = retiresAt([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], width);
    expect(split!.reason).toBe("settled");
    expect(split!.at).toBeLessThan(unanimous!.at);
  });

  it("retires at the cap whatever the rule says", () => {
    expect(retirementReason([5, 5, 0, 0], { ...kl, expectedKl: 1e-9, maxVotes: 10 })).toBe("max_votes");
  });
});
