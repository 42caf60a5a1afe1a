// Assignment order under each policy.
import { describe, expect, it } from "vitest";
import {
  activeScore,
  rankImagesForAssignment,
  type PolicySettings,
} from "../../../lib/tasks/policies/ranking";
import { seededRng } from "../../../lib/random";

const settings: PolicySettings = {
  targetVotes: 5,
  labelPrior: [0.5, 0.5],
  retirement: {
    rule: "expected_kl",
    prior: [0.5, 0.5],
    entropyWidth: 1,
    expectedKl: 0.08,
    minVotes: 3,
    maxVotes: 5,
  },
  modelPriorStrength: 2,
  randomShare: 0,
};

const candidates = [
  { id: 1, counts: [4, 0] }, // settled under expected_kl (0.073 < 0.08), below target
  { id: 2, counts: [1, 1] },
  { id: 3, counts: [0, 0] },
  { id: 4, counts: [3, 2] }, // at target
  { id: 5, counts: [2, 1] },
];

describe("rankImagesForAssignment", () => {
  it("fixed: every image below the target, fewest votes first", () => {
    expect(rankImagesForAssignment("fixed", candidates, settings, seededRng(1))).toEqual([3, 2, 5, 1]);
  });

  it("settled: drops retired images", () => {
    expect(rankImagesForAssignment("settled", candidates, settings, seededRng(1))).toEqual([3, 2, 5]);
  });

  it("active: highest expected information gain first, ties by id", () => {
    const order = rankImagesForAssignment("active", candidates, settings, seededRng(1));
    expect(order).toEqual([3, 2, 5, 1]);
    const scores = order.map((id) =>
      activeScore(
        candidates.find((c) => c.id === id)!,
        settings,
      ),
    );
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("active: a confident model prediction lowers an image's priority, an unsure one raises it", () => {
    const pair = [
      { id: 1, counts: [1, 0], prediction: [0.99, 0.01] },
      { id: 2, counts: [1, 0], prediction: [0.5, 0.5] },
    ];
    expect(rankImagesForAssignment("active", pair, settings, seededRng(1))).toEqual([2, 1]);
  });

  it("active: the random share sometimes puts a low-scored image first", () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, counts: [i % 5, 0] }));
    const firsts = new Set<number>();
    const rng = seededRng(5);
    for (let i = 0; i < 200; i++) {
      firsts.add(rankImagesForAssignment("active", many, { ...settings, randomShare: 0.5 }, rng)[0]!);
    }
    expect(firsts.size).toBeGreaterThan(3);
    const greedy = rankImagesForAssignment("active", many, settings, rng)[0]!;
    expect([1, 6]).toContain(greedy); // the two images with no votes
  });
});
