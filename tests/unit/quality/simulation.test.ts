// Policy simulation: reproducible with a seed, within budget, and drawing each image's real votes.
import { describe, expect, it } from "vitest";
import type { PolicySettings } from "../../../lib/tasks/policies/ranking";
import { settledSavings } from "../../../lib/tasks/simulation/settled-savings";
import { simulatePolicy } from "../../../lib/tasks/simulation/simulation";

const settings: PolicySettings = {
  targetVotes: 10,
  labelPrior: [0.5, 0.3, 0.2],
  retirement: {
    rule: "expected_kl",
    prior: [0.5, 0.3, 0.2],
    entropyWidth: 1,
    expectedKl: 0.08,
    minVotes: 3,
    maxVotes: 10,
  },
  modelPriorStrength: 2,
  randomShare: 0.1,
};

// 40 synthetic images of 10 votes: unanimous, split and scattered.
const images = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  counts: [
    [10, 0, 0],
    [5, 5, 0],
    [4, 3, 3],
    [8, 1, 1],
  ][i % 4]!,
}));

describe("simulatePolicy", () => {
  for (const policy of ["fixed", "settled", "active"] as const) {
    it(`${policy}: the same seed repeats the run exactly, another seed differs`, () => {
      const a = simulatePolicy(images, policy, 150, settings, 42);
      const b = simulatePolicy(images, policy, 150, settings, 42);
      const c = simulatePolicy(images, policy, 150, settings, 43);
      expect(b).toEqual(a);
      expect(c.counts).not.toEqual(a.counts);
      expect(a.spent).toBeLessThanOrEqual(150);
      // Votes come from each image's real votes, without replacement.
      a.counts.forEach((counts, i) =>
        counts.forEach((n, k) => expect(n).toBeLessThanOrEqual(images[i]!.counts[k]!)),
      );
      expect(a.counts.flat().reduce((x, y) => x + y, 0)).toBe(a.spent);
    });
  }

  it("fixed spreads votes evenly and reaches KL 0-ish at the full budget", () => {
    const partial = simulatePolicy(images, "fixed", 100, settings, 1);
    const votes = partial.counts.map((counts) => counts.reduce((x, y) => x + y, 0));
    expect(Math.max(...votes) - Math.min(...votes)).toBeLessThanOrEqual(1);
    const full = simulatePolicy(images, "fixed", 400, settings, 1);
    expect(full.counts).toEqual(images.map((image) => image.counts));
    expect(full.meanKl).toBeLessThan(partial.meanKl);
  });

  it("settled stops early when images settle, and the savings add up", () => {
    const settled = simulatePolicy(images, "settled", 400, settings, 1);
    expect(settled.spent).toBeLessThan(400);
    const savings = settledSavings(images, settings, 1);
    expect(savings.settledVotes).toBe(settled.spent);
    expect(savings.fixedVotes).toBe(400);
    expect(savings.saved).toBe(400 - settled.spent);
    expect(savings.retiredEarly).toBeGreaterThan(0);
    expect(savings.meanKl).toBeGreaterThan(0);
  });

  it("rejects a bad budget", () => {
    expect(() => simulatePolicy(images, "fixed", -1, settings, 1)).toThrow(/budget/);
  });
});
