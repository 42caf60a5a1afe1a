// Gold scoring against likelihoods computed by hand.
import { describe, expect, it } from "vitest";
import { goldScoreTrend, scoreGoldAnswers } from "../../../lib/ambiguity/gold-score";
import { seededRng } from "../../../lib/random";

// Reference A: counts 6/3/1 -> p = (.6, .3, .1); smoothed with e = 0.1, K = 3:
//   p~ = 0.9 p + 0.1/3 = (0.573333, 0.303333, 0.123333).
// Reference B: unanimous (0, 0, 10) -> p~ = (1/30, 1/30, 0.933333).
const A = [6, 3, 1];
const B = [0, 0, 10];

describe("scoreGoldAnswers", () => {
  it("matches hand-computed log-likelihoods and baselines", () => {
    const result = scoreGoldAnswers(
      [
        { label: 0, reference: A },
        { label: 0, reference: B }, // an answer nobody on the panel gave costs ln(e/K) = ln(1/30)
      ],
      0.1,
    )!;
    expect(result.answers).toBe(2);
    expect(result.score).toBeCloseTo((Math.log(0.573333333) + Math.log(1 / 30)) / 2, 6); // -1.978743
    const randomA = (Math.log(0.573333333) + Math.log(0.303333333) + Math.log(0.123333333)) / 3;
    const randomB = (2 * Math.log(1 / 30) + Math.log(0.933333333)) / 3;
    expect(result.random).toBeCloseTo((randomA + randomB) / 2, 6); // -1.785577
    const calibratedA =
      0.6 * Math.log(0.573333333) + 0.3 * Math.log(0.303333333) + 0.1 * Math.log(0.123333333);
    expect(result.calibrated).toBeCloseTo((calibratedA + Math.log(0.933333333)) / 2, 6); // -0.484965
    expect(result.skill).toBeCloseTo((-1.978743 + 1.785577) / (-0.484965 + 1.785577), 4); // -0.1485
  });

  it("accepts probabilities as references, same as counts", () => {
    const fromCounts = scoreGoldAnswers([{ label: 1, reference: A }], 0.05)!;
    const fromShares = scoreGoldAnswers([{ label: 1, reference: [0.6, 0.3, 0.1] }], 0.05)!;
    expect(fromShares.score).toBeCloseTo(fromCounts.score, 12);
  });

  it("gives skill near 0 to uniform answers and near 1 to answers drawn from the reference", () => {
    const rng = seededRng(7);
    const draw = (p: number[]) => {
      const u = rng();
      let acc = 0;
      for (let k = 0; k < p.length; k++) if (u < (acc += p[k]!)) return k;
      return p.length - 1;
    };
    const reference = [0.7, 0.2, 0.1, 0];
    const uniform = Array.from({ length: 20000 }, () => ({
      label: draw([0.25, 0.25, 0.25, 0.25]),
      reference,
    }));
    const calibrated = Array.from({ length: 20000 }, () => ({ label: draw(reference), reference }));
    expect(scoreGoldAnswers(uniform, 0.05)!.skill!).toBeCloseTo(0, 1);
    expect(scoreGoldAnswers(calibrated, 0.05)!.skill!).toBeCloseTo(1, 1);
    // Always answering the mode beats calibration under log-likelihood (stated in the doc comment).
    const mode = Array.from({ length: 10 }, () => ({ label: 0, reference }));
    expect(scoreGoldAnswers(mode, 0.05)!.skill!).toBeGreaterThan(1);
  });

  it("has no skill on a uniform reference and rejects bad input", () => {
    expect(scoreGoldAnswers([{ label: 0, reference: [1, 1] }], 0.1)!.skill).toBeNull();
    expect(scoreGoldAnswers([], 0.1)).toBeNull();
    expect(() => scoreGoldAnswers([{ label: 3, reference: A }], 0.1)).toThrow(/outside/);
    expect(() => scoreGoldAnswers([{ label: 0, reference: A }], 0)).toThrow(/smoothing/);
  });
});

describe("goldScoreTrend", () => {
  it("scores rolling windows in time order", () => {
    const answers = [
      { label: 2, reference: B, at: 3 }, // ln(0.933333)
      { label: 0, reference: B, at: 1 }, // ln(1/30)
      { label: 0, reference: A, at: 2 }, // ln(0.573333)
    ];
    const trend = goldScoreTrend(answers, 0.1, 2);
    expect(trend.map((point) => point.at)).toEqual([2, 3]);
    expect(trend[0]!.score).toBeCloseTo((Math.log(1 / 30) + Math.log(0.573333333)) / 2, 6);
    expect(trend[1]!.score).toBeCloseTo((Math.log(0.573333333) + Math.log(0.933333333)) / 2, 6);
    // Fewer answers than the window: one point over all of them.
    expect(goldScoreTrend(answers.slice(0, 1), 0.1, 5)).toHaveLength(1);
  });
});
