// Annotator flags on constructed histories.
import { describe, expect, it } from "vitest";
import {
  checkAnnotator,
  longestLabelRun,
  type AnnotatorAnswer,
} from "../../../lib/analytics/annotator-checks";

const settings = {
  minAnswerMs: 700,
  maxFastShare: 0.2,
  straightLineRun: 6,
  goldSmoothing: 0.05,
  minGoldSkill: 0.25,
  minGoldAnswers: 3,
  minSelfAgreement: 0.5,
  minRepeats: 3,
};

function history(labels: number[], durations: (number | null)[]): AnnotatorAnswer[] {
  return labels.map((label, i) => ({ label, durationMs: durations[i] ?? 2000, at: 1000 + i }));
}

const careful = history([0, 1, 2, 0, 1, 3, 0, 2, 1, 0, 3, 1], []);
const none = { gold: [], repeats: [], labelCount: 4 };

describe("checkAnnotator", () => {
  it("flags nothing for a careful annotator", () => {
    const report = checkAnnotator({ answers: careful, ...none }, settings);
    expect(report.flags).toEqual([]);
    expect(report.longestRun).toBe(1);
    expect(report.fastShare).toBe(0);
  });

  it("flags too many answers under the floor, ignoring untimed ones", () => {
    // 3 of 12 timed answers under 700 ms = 25% > 20%.
    const fast = history([0, 1, 2, 0, 1, 3, 0, 2, 1, 0, 3, 1], [100, 650, 699, 700, 5000]);
    const report = checkAnnotator({ answers: fast, ...none }, settings);
    expect(report.fastAnswers).toBe(3);
    expect(report.fastShare).toBeCloseTo(0.25, 12);
    expect(report.flags).toEqual(["too_fast"]);
    // 2 of 12 (16.7%) stays below the share.
    const fewer = history([0, 1, 2, 0, 1, 3, 0, 2, 1, 0, 3, 1], [100, 650]);
    expect(checkAnnotator({ answers: fewer, ...none }, settings).flags).toEqual([]);
    // Too few timed answers to judge.
    const short = history([0, 1, 2], [1, 1, 1]);
    expect(checkAnnotator({ answers: short, ...none }, settings).flags).toEqual([]);
  });

  it("flags straight-lining in time order, not in the order given", () => {
    const run = history([1, 1, 1, 1, 1, 1, 0, 2], []);
    expect(checkAnnotator({ answers: run, ...none }, settings).flags).toEqual(["straight_lining"]);
    const shuffled = [...run].reverse();
    expect(checkAnnotator({ answers: shuffled, ...none }, settings).longestRunLabel).toBe(1);
    const five = history([1, 1, 1, 1, 1, 0, 1], []);
    expect(checkAnnotator({ answers: five, ...none }, settings).flags).toEqual([]);
  });

  it("flags a low gold score only after enough gold answers", () => {
    const reference = [8, 1, 1, 0];
    const wrong = [3, 3, 3].map((label) => ({ label, reference }));
    expect(checkAnnotator({ answers: careful, ...none, gold: wrong }, settings).flags).toEqual([
      "low_gold_score",
    ]);
    expect(checkAnnotator({ answers: careful, ...none, gold: wrong.slice(0, 2) }, settings).flags).toEqual(
      [],
    );
    const right = [0, 0, 1].map((label) => ({ label, reference }));
    expect(checkAnnotator({ answers: careful, ...none, gold: right }, settings).flags).toEqual([]);
  });

  it("measures self-agreement on hidden repeats against chance", () => {
    const repeats = [
      { first: 0, second: 1 },
      { first: 2, second: 2 },
      { first: 1, second: 3 },
    ];
    const report = checkAnnotator({ answers: careful, ...none, repeats }, settings);
    expect(report.selfAgreement!.agreement).toBeCloseTo(1 / 3, 12);
    // Label shares of `careful`: 4/12, 4/12, 2/12, 2/12 -> chance = (16 + 16 + 4 + 4) / 144.
    expect(report.selfAgreement!.chance).toBeCloseTo(40 / 144, 12);
    expect(report.flags).toEqual(["low_self_agreement"]);
  });
});

describe("longestLabelRun", () => {
  it("finds the longest run and its label", () => {
    expect(longestLabelRun([])).toEqual({ length: 0, label: null });
    expect(longestLabelRun([2, 2, 0, 0, 0, 2])).toEqual({ length: 3, label: 0 });
  });
});
