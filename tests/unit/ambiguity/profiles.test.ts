// Annotator profiles and calibration measures on small hand-checked examples.
import { describe, expect, it } from "vitest";
import {
  annotatorProfiles,
  histogram,
  leaveOneOutCredit,
  reliabilityDiagram,
  type ProfileVote,
} from "@/lib/ambiguity";

describe("annotator profiles", () => {
  it("scores agreement with the leave-one-out majority, ties sharing the credit", () => {
    expect(leaveOneOutCredit([3, 1], 0)).toBe(1);
    expect(leaveOneOutCredit([3, 1], 1)).toBe(0);
    expect(leaveOneOutCredit([2, 2], 1)).toBe(0.5);
    expect(leaveOneOutCredit([0, 0], 1)).toBeNull();
  });

  it("profiles agreement, speed, label use and straight-lining", () => {
    // Image 1 counts [3, 1]: a's label 0 vs others [2, 1] -> 1; b's label 1 vs [3, 0] -> 0.
    // Image 2 counts [1, 0]: a's vote is alone -> not compared.
    const counts = new Map<number, number[]>([
      [1, [3, 1]],
      [2, [1, 0]],
    ]);
    const votes: ProfileVote[] = [
      { annotator: "a", image: 1, label: 0, durationMs: 2000, at: 1 },
      { annotator: "a", image: 2, label: 0, durationMs: 4000, at: 2 },
      { annotator: "b", image: 1, label: 1, durationMs: null, at: 1 },
    ];
    const [a, b] = annotatorProfiles(votes, (image) => counts.get(image), { labelCount: 2, runThreshold: 2 });
    expect(a).toMatchObject({ annotator: "a", votes: 2, agreement: 1, comparedVotes: 1, medianSeconds: 3 });
    expect(a?.labelDistribution).toEqual([1, 0]);
    expect(a).toMatchObject({ longestRun: 2, longRuns: 1, straightLining: true });
    expect(b).toMatchObject({ agreement: 0, medianSeconds: null, straightLining: false });
  });
});

describe("calibration", () => {
  it("bins top-class confidence and computes ECE (Guo et al. 2017)", () => {
    const { bins, ece } = reliabilityDiagram(
      [
        { distribution: [0.95, 0.05], target: 0 },
        { distribution: [0.05, 0.95], target: 0 },
        { distribution: [0.65, 0.35], target: 0 },
      ],
      10,
    );
    expect(bins[9]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[9]!.confidence).toBeCloseTo(0.95, 12);
    expect(bins[6]).toMatchObject({ count: 1, accuracy: 1 });
    // ECE = 2/3 |0.5 - 0.95| + 1/3 |1 - 0.65| = 0.3 + 0.11666...
    expect(ece).toBeCloseTo((2 / 3) * 0.45 + (1 / 3) * 0.35, 12);
  });

  it("histograms clamp to the end bins", () => {
    expect(histogram([0, 0.5, 1, 2], { min: 0, max: 1, bins: 2 }).map((bin) => bin.count)).toEqual([1, 3]);
  });
});
