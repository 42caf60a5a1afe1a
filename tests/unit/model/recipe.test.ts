// The recipe's pieces (lib/model/recipe-settings.ts) against hand-computed values: label smoothing,
// mixup, cutout, the weight average, candidate rules, the PLL update's mixing and the own-feature
// prototypes; and the settings' validation.
import { describe, expect, it } from "vitest";
import { trainSettingsSchema } from "@/lib/model";
import { DistributionAlignment } from "@/lib/model/distribution-alignment";
import { WeightAverage } from "@/lib/model/ema";
import { StochasticWeightAverage } from "@/lib/model/swa";
import { PrototypeTracker } from "@/lib/model/own-prototypes";
import { ParadigmTargets } from "@/lib/model/paradigms";
import { betaSample, cutoutBatch, mixBatch, smoothLabels } from "@/lib/model/regularize";
import { candidateSet } from "@/lib/model/votes";
import { seededRng } from "@/lib/random";

const PIXELS = 2304;

describe("label smoothing", () => {
  it("maps q to (1 - eps) q + eps / K", () => {
    const labels = Float32Array.from([1, 0, 0, 0, 0.5, 0.5, 0, 0]);
    smoothLabels(labels, 2, 4, 0.2);
    expect(Array.from(labels)).toEqual([0.85, 0.05, 0.05, 0.05, 0.45, 0.45, 0.05, 0.05].map(Math.fround));
  });
  it("leaves the labels alone at eps = 0", () => {
    const labels = Float32Array.from([1, 0]);
    smoothLabels(labels, 1, 2, 0);
    expect(Array.from(labels)).toEqual([1, 0]);
  });
});

describe("mixup", () => {
  it("mixes images and targets with one lambda and a permutation", () => {
    const pixels = new Float32Array(3 * PIXELS);
    pixels.fill(0, 0, PIXELS);
    pixels.fill(1, PIXELS, 2 * PIXELS);
    pixels.fill(0.5, 2 * PIXELS, 3 * PIXELS);
    const labels = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const { lambda, permutation } = mixBatch(pixels, labels, 3, 3, 0.4, seededRng(3));
    expect([...permutation].sort()).toEqual([0, 1, 2]);
    const value = [0, 1, 0.5];
    for (let i = 0; i < 3; i++) {
      const j = permutation[i]!;
      expect(pixels[i * PIXELS + 100]).toBeCloseTo(lambda * value[i]! + (1 - lambda) * value[j]!, 6);
      const expected = [0, 0, 0];
      expected[i]! += lambda;
      expected[j]! += 1 - lambda;
      expect(Array.from(labels.subarray(i * 3, i * 3 + 3)).map((v) => +v.toFixed(5))).toEqual(
        expected.map((v) => +v.toFixed(5)),
      );
    }
  });
  it("draws Beta(a, a) with mean 1/2 and variance 1 / (4 (2a + 1))", () => {
    const random = seededRng(11);
    const draws = Array.from({ length: 20_000 }, () => betaSample(0.4, random));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(variance).toBeCloseTo(1 / (4 * 1.8), 2);
    expect(draws.every((d) => d >= 0 && d <= 1)).toBe(true);
  });
});

describe("cutout", () => {
  it("greys a size x size square (clipped at the border) per image", () => {
    const pixels = new Float32Array(2 * PIXELS).fill(1);
    cutoutBatch(pixels, 2, 8, seededRng(5));
    for (let i = 0; i < 2; i++) {
      const grey = pixels.subarray(i * PIXELS, (i + 1) * PIXELS).filter((v) => v === 0.5).length;
      expect(grey).toBeGreaterThan(0);
      expect(grey).toBeLessThanOrEqual(64);
    }
  });
});

describe("weight average", () => {
  it("uses d_t = min(decay, (1 + t) / (10 + t))", () => {
    expect(WeightAverage.decayAt(0.999, 1)).toBeCloseTo(2 / 11, 12);
    expect(WeightAverage.decayAt(0.5, 100)).toBe(0.5);
  });
  it("starts at the first weights, then averages", () => {
    let values = [Float32Array.from([1, 2])];
    const model = { getWeights: () => values.map((v) => ({ dataSync: () => v })) };
    const average = new WeightAverage(0.9);
    average.update(model as never);
    values = [Float32Array.from([3, 6])];
    average.update(model as never);
    const d = 3 / 12; // update 2
    expect(average.values()![0]![0]).toBeCloseTo(d * 1 + (1 - d) * 3, 6);
    expect(average.values()![0]![1]).toBeCloseTo(d * 2 + (1 - d) * 6, 6);
  });
});

describe("stochastic weight average", () => {
  const modelOf = (values: { current: Float32Array[] }) => ({
    getWeights: () => values.current.map((v) => ({ dataSync: () => v })),
  });
  it("takes four snapshots an epoch once the schedule reaches swaStart, the last batch always one", () => {
    const due = (progress: number, batch: number) =>
      StochasticWeightAverage.due({ progress, batch, batchesPerEpoch: 10 }, 0.75);
    expect(due(0.74, 2)).toBe(false);
    // Every ceil(10 / 4) = 3 batches (3rd, 6th, 9th) and the epoch's last.
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((b) => due(0.8, b))).toEqual([2, 5, 8, 9]);
  });
  it("is the equal-weight mean of its snapshots, and null before the first", () => {
    const values = { current: [Float32Array.from([1, 2])] };
    const average = new StochasticWeightAverage(0.5);
    average.observe(modelOf(values) as never, { progress: 0.4, batch: 0, batchesPerEpoch: 1 });
    expect(average.values()).toBeNull();
    for (const w of [
      [1, 2],
      [3, 6],
      [8, -2],
    ]) {
      values.current = [Float32Array.from(w)];
      average.observe(modelOf(values) as never, { progress: 0.6, batch: 0, batchesPerEpoch: 1 });
    }
    expect(average.count).toBe(3);
    expect(average.values()![0]![0]).toBeCloseTo(4, 6);
    expect(average.values()![0]![1]).toBeCloseTo(2, 6);
  });
});

describe("candidate rules", () => {
  const votes = [5, 3, 1, 0, 1];
  it("min votes", () => {
    expect(candidateSet(votes, { kind: "minVotes", votes: 2 })).toEqual([0, 1]);
    expect(candidateSet(votes, 2)).toEqual([0, 1]);
  });
  it("share of the emotion votes (FERPlus multi_target: 30 %)", () => {
    expect(candidateSet(votes, { kind: "share", share: 0.3 })).toEqual([0, 1]); // 3 / 10 = 30 %: kept
    expect(candidateSet([5, 3, 1, 0, 1], { kind: "share", share: 0.31 })).toEqual([0]);
    expect(candidateSet([4, 3, 2, 1, 0], { kind: "share", share: 0.3 })).toEqual([0, 1]);
    expect(candidateSet([4, 3, 2, 1, 0], { kind: "share", share: 0.2 })).toEqual([0, 1, 2]);
  });
  it("top k by votes, ties to the lower index, only emotions with votes", () => {
    expect(candidateSet(votes, { kind: "topK", k: 3 })).toEqual([0, 1, 2]);
    expect(candidateSet([0, 2, 0, 2], { kind: "topK", k: 1 })).toEqual([1]);
    expect(candidateSet([0, 2, 0, 0], { kind: "topK", k: 3 })).toEqual([1]);
  });
});

describe("PLL update with vote and prototype terms", () => {
  const set = { imageIds: [0], pixels: new Float32Array(PIXELS), counts: [[6, 0, 4, 0]] };
  it("w = (1 - b - g) p/sum p + b r/sum r + g v over the candidates", () => {
    const targets = new ParadigmTargets("pll", set, 4, 2);
    expect(Array.from(targets.voteShares!)).toEqual([0.6, 0, 0.4, 0].map(Math.fround));
    targets.updateWeights(0, [0.1, 0.2, 0.3, 0.4], 0, {
      votes: 0.2,
      prototypes: 0.3,
      prior: [0.5, 0, 1.5, 0],
    });
    const w = Array.from(targets.base);
    expect(w[0]).toBeCloseTo(0.5 * 0.25 + 0.3 * 0.25 + 0.2 * 0.6, 6);
    expect(w[2]).toBeCloseTo(0.5 * 0.75 + 0.3 * 0.75 + 0.2 * 0.4, 6);
    expect(w[1]).toBe(0);
    expect(targets.pseudoLabel(0)).toBe(2);
  });
});

describe("distribution alignment", () => {
  it("target = mean vote shares, running starts there, ratio = target / running after a batch", () => {
    // Two images, K = 3: shares (0.5, 0.5, 0) and (1, 0, 0) -> crowd marginal (0.75, 0.25, 0).
    const alignment = new DistributionAlignment([0.5, 0.5, 0, 1, 0, 0], 3, 0.5);
    expect(Array.from(alignment.target)).toEqual([0.75, 0.25, 0]);
    expect(Array.from(alignment.ratio)).toEqual([1, 1, 1]);
    // Batch mean of (0.9, 0.1, 0) and (0.7, 0.1, 0.2) = (0.8, 0.1, 0.1); running = 0.5 old + 0.5 mean.
    alignment.observe([0.9, 0.1, 0, 0.7, 0.1, 0.2], 2);
    expect(alignment.running[0]).toBeCloseTo(0.775, 12);
    expect(alignment.running[1]).toBeCloseTo(0.175, 12);
    expect(alignment.running[2]).toBeCloseTo(0.05, 12);
    expect(alignment.ratio[0]).toBeCloseTo(0.75 / 0.775, 6);
    expect(alignment.ratio[1]).toBeCloseTo(0.25 / 0.175, 6);
    expect(alignment.ratio[2]).toBe(0);
  });
  it("scales the prediction before PRODEN's renormalisation, pulling weight to the under-predicted class", () => {
    const set = { imageIds: [0], pixels: new Float32Array(PIXELS), counts: [[5, 0, 5, 0]] };
    const targets = new ParadigmTargets("pll", set, 4, 2);
    targets.updateWeights(0, [0.6, 0.1, 0.2, 0.1], 0, { votes: 0, prototypes: 0, scale: [0.5, 1, 2, 1] });
    // (0.6 * 0.5, 0.2 * 2) = (0.3, 0.4) over the candidates {0, 2}.
    expect(targets.base[0]).toBeCloseTo(0.3 / 0.7, 6);
    expect(targets.base[2]).toBeCloseTo(0.4 / 0.7, 6);
    targets.updateWeights(0, [0.6, 0.1, 0.2, 0.1]);
    expect(targets.base[0]).toBeCloseTo(0.75, 6);
  });
});

describe("own-feature prototypes", () => {
  it("moving-average prototypes and a softmax over the candidates' cosines", () => {
    const tracker = new PrototypeTracker(3, 2, 0.5);
    tracker.update([2, 0], 0, 0); // mu_0 = normalise(0.5 * (1, 0)) = (1, 0)
    tracker.update([0, 3], 0, 1); // mu_1 = (0, 1)
    expect(Array.from(tracker.prototypes)).toEqual([1, 0, 0, 1, 0, 0]);
    tracker.update([0, 1], 0, 0); // mu_0 = normalise(0.5 (1, 0) + 0.5 (0, 1))
    expect(tracker.prototypes[0]).toBeCloseTo(Math.SQRT1_2, 12);
    const out = new Float32Array(3);
    tracker.prior([1, 0], 0, [1, 1, 0], 0, out, 0);
    // cos to mu_0 = 1/sqrt 2, to mu_1 = 0; temperature 0.1
    const a = Math.exp(Math.SQRT1_2 / 0.1);
    expect(out[0]).toBeCloseTo(a / (a + 1), 6);
    expect(out[1]).toBeCloseTo(1 / (a + 1), 6);
    expect(out[2]).toBe(0);
  });
});

describe("recipe settings", () => {
  it("default to the pieces chosen on FER2013Valid and leave the rest off", () => {
    const s = trainSettingsSchema.parse({});
    expect([s.batchNorm, s.labelSmoothing, s.mixup, s.cutout, s.emaDecay, s.ttaFlip, s.inputNorm]).toEqual([
      false,
      0,
      0,
      0,
      0,
      true,
      "perImage",
    ]);
    expect([s.candidateRule, s.pllWarmupEpochs, s.prototypeWeight, s.voteWeight, s.pllAlignment]).toEqual([
      undefined,
      1,
      0.3,
      0.3,
      false,
    ]);
  });
  it("reject mixup with pll, weights over 1 and unknown rules", () => {
    expect(trainSettingsSchema.safeParse({ paradigm: "pll", mixup: 0.2 }).success).toBe(false);
    expect(trainSettingsSchema.safeParse({ paradigm: "soft", mixup: 0.2 }).success).toBe(true);
    expect(trainSettingsSchema.safeParse({ prototypeWeight: 0.6, voteWeight: 0.5 }).success).toBe(false);
    expect(trainSettingsSchema.safeParse({ candidateRule: { kind: "share", share: 0 } }).success).toBe(false);
    expect(trainSettingsSchema.safeParse({ candidateRule: { kind: "topK", k: 2 } }).success).toBe(true);
  });
});
