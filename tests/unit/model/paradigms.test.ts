// Each paradigm's target and loss on tiny hand-computed examples, PRODEN weight updates, and the
// generalised FERPlus processing against the literal FER+ port (tests/oracles/ferplus.ts).
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ferplusTarget } from "../../oracles/ferplus";
import { ParadigmTargets, crossEntropy, crossEntropyLoss, processVotes, candidateSet } from "@/lib/model";
import type { LabeledSet } from "@/lib/model";

const LN2 = Math.log(2);
// softmax([0, ln 2, 0]) = [1/4, 1/2, 1/4]
const LOGITS = [0, LN2, 0];

function setOf(counts: number[][]): LabeledSet {
  return { imageIds: counts.map((_, i) => i), pixels: new Float32Array(counts.length * 2304), counts };
}

async function loss(q: number[]): Promise<number> {
  await tf.setBackend("cpu");
  const value = crossEntropyLoss(tf.tensor2d([LOGITS]), tf.tensor2d([q]));
  return (await value.data())[0]!;
}

describe("paradigm targets and loss", () => {
  it("majority: one-hot FERPlus majority, dropped without a > 50% majority", async () => {
    // [6,3,1]: the single vote is an outlier -> [6,3,0]; 6 > 4.5 -> class 0.
    const targets = new ParadigmTargets(
      "majority",
      setOf([
        [6, 3, 1],
        [5, 3, 2],
      ]),
      3,
      2,
    );
    expect(targets.rows).toEqual([0]); // 5 of 10 is not a majority
    expect(Array.from(targets.base)).toEqual([1, 0, 0]);
    expect(await loss(Array.from(targets.base))).toBeCloseTo(Math.log(4), 5); // -ln(1/4)
  });

  it("soft: FERPlus cross-entropy distribution (top labels up to 75% of votes)", async () => {
    // [5,3,2]: take 5 (50% < 75%), then 3 (80%) -> q = [5/8, 3/8, 0]
    const targets = new ParadigmTargets("soft", setOf([[5, 3, 2]]), 3, 2);
    expect(Array.from(targets.base)).toEqual([0.625, 0.375, 0].map(Math.fround));
    // -(5/8 ln 1/4 + 3/8 ln 1/2) = 13/8 ln 2
    expect(await loss(Array.from(targets.base))).toBeCloseTo((13 / 8) * LN2, 5);
  });

  it("pld: a one-hot label drawn from the soft distribution each epoch", async () => {
    const targets = new ParadigmTargets("pld", setOf([[5, 3, 2]]), 3, 2);
    expect(Array.from(targets.forEpoch(() => 0.7))).toEqual([0, 1, 0]); // 0.7 > 5/8 -> class 1
    expect(Array.from(targets.forEpoch(() => 0.1))).toEqual([1, 0, 0]);
    expect(await loss([0, 1, 0])).toBeCloseTo(LN2, 5); // -ln(1/2)
  });

  it("pll: candidate weights initialised from vote shares", async () => {
    // every emotion has >= 2 votes -> S = {0,1,2}, w = [0.5, 0.3, 0.2]
    const targets = new ParadigmTargets("pll", setOf([[5, 3, 2]]), 3, 2);
    expect(Array.from(targets.base)).toEqual([0.5, 0.3, 0.2].map(Math.fround));
    // -(0.5 ln 1/4 + 0.3 ln 1/2 + 0.2 ln 1/4) = 1.7 ln 2
    expect(await loss([0.5, 0.3, 0.2])).toBeCloseTo(1.7 * LN2, 5);
    expect(crossEntropy([LOGITS], [[0.5, 0.3, 0.2]])).toBeCloseTo(1.7 * LN2, 10);
  });

  it("pll: PRODEN update renormalises the model's distribution inside the candidate set", () => {
    const targets = new ParadigmTargets("pll", setOf([[6, 1, 3, 0]]), 4, 2);
    expect(candidateSet([6, 1, 3, 0], 2)).toEqual([0, 2]);
    targets.updateWeights(0, [0.1, 0.2, 0.6, 0.1]);
    const w = Array.from(targets.base);
    expect(w[0]).toBeCloseTo(0.1 / 0.7, 6);
    expect(w[2]).toBeCloseTo(0.6 / 0.7, 6);
    expect(w[1]).toBe(0);
    expect(w[3]).toBe(0);
  });

  it("pll: weights stay in the candidate set and sum to 1 (property)", () => {
    const counts = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 8, maxLength: 8 });
    const probs = fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(counts, probs, fc.integer({ min: 1, max: 4 }), (row, p, minVotes) => {
        const targets = new ParadigmTargets("pll", setOf([[...row, 0].slice(0, 8)]), 8, minVotes);
        if (targets.size === 0) return;
        const candidates = candidateSet(row, minVotes);
        targets.updateWeights(0, p);
        const w = Array.from(targets.base);
        expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        w.forEach((value, k) => {
          if (!candidates.includes(k)) expect(value).toBe(0);
          expect(value).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("processVotes matches the literal FERPlus port (tests/oracles/ferplus.ts) on FER+-shaped rows", () => {
    const row = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 10, maxLength: 10 });
    fc.assert(
      fc.property(row, fc.constantFrom("majority" as const, "crossentropy" as const), (counts, mode) => {
        const reference = ferplusTarget(counts, mode);
        const ours = processVotes(counts.slice(0, 8), counts.slice(8), mode);
        if (reference === null) {
          expect(ours).toBeNull();
          return;
        }
        expect(ours).not.toBeNull();
        ours!.forEach((value, k) => expect(value).toBeCloseTo(reference[k]!, 10));
      }),
      { numRuns: 500 },
    );
  });
});
