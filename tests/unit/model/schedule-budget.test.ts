// Learning-rate warm-up, the wall-clock budget's step count, and dropout masks (fresh every batch).
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend, train, trainSettingsSchema, type LabeledSet } from "@/lib/model";
import { PROBE_STEPS, ScheduleClock, stepsForBudget } from "@/lib/model/budget";
import { fillDropoutMask } from "@/lib/model/dropout";
import { learningRateAt } from "@/lib/model/schedule";
import { seededRng } from "@/lib/random";

describe("learning-rate schedule", () => {
  it("warms up linearly, then decays by cosine to zero at the last step", () => {
    const settings = trainSettingsSchema.parse({ learningRate: 0.01, warmupSteps: 4 });
    const rates = Array.from({ length: 14 }, (_, step) => learningRateAt(settings, step, 14));
    expect(rates.slice(0, 4)).toEqual([0.0025, 0.005, 0.0075, 0.01]);
    // After warm-up: cosine over the remaining 10 steps, starting at the base rate.
    expect(rates[4]).toBeCloseTo(0.01, 12);
    expect(rates[9]).toBeCloseTo(0.005, 12);
    expect(rates[13]).toBeCloseTo((0.01 * (1 + Math.cos((Math.PI * 9) / 10))) / 2, 12);
    // While a budget is still measuring (total unknown) the base rate holds after warm-up.
    expect(learningRateAt(settings, 50, Infinity)).toBe(0.01);
  });

  it("with SWA: cosine over the first swaStart of the steps down to the SWA rate, then constant", () => {
    const settings = trainSettingsSchema.parse({ learningRate: 0.01, swaStart: 0.75, swaLearningRate: 0.2 });
    const rate = (step: number) => learningRateAt(settings, step, 100);
    expect(rate(0)).toBeCloseTo(0.01, 12);
    // Half-way through the cosine phase (step 37.5 of 75): the midpoint of 0.01 and 0.002.
    expect(rate(37.5)).toBeCloseTo(0.006, 12);
    expect(rate(74.999)).toBeCloseTo(0.002, 6);
    [75, 80, 99].forEach((step) => expect(rate(step)).toBe(0.002));
    // Off (the default), the same position is on the plain cosine to zero.
    expect(learningRateAt(trainSettingsSchema.parse({ learningRate: 0.01 }), 75, 100)).toBeCloseTo(
      (0.01 * (1 + Math.cos(0.75 * Math.PI))) / 2,
      12,
    );
  });

  it("fits the step count to what is left of the budget, validation included", () => {
    const estimate = stepsForBudget({
      minutes: 1,
      elapsedSeconds: 6,
      stepsDone: 9,
      secondsPerStep: 0.5,
      batchesPerEpoch: 10,
      batchSize: 64,
      validImages: 640,
      maxSteps: 10_000,
    });
    // 54 s left; a step costs 0.5 s plus 1/10 of an epoch's validation (640/64/3 steps): 0.5 * 1.333 s.
    expect(estimate.totalSteps).toBe(9 + Math.floor(54 / (0.5 * (1 + 10 / 3 / 10))));
    expect(stepsForBudget({ ...estimateInput(), maxSteps: 20 }).totalSteps).toBe(20);
    // Budget spent: no more steps.
    expect(stepsForBudget({ ...estimateInput(), elapsedSeconds: 600 }).totalSteps).toBe(9);
    // A measured validation time replaces the estimate: 0.1 s/step + 2 s / 5 steps = 0.5 s per step.
    expect(stepsForBudget({ ...estimateInput(), validationSeconds: 2 }).totalSteps).toBe(9 + 598);
  });

  it("keeps the schedule continuous when the step count is corrected, and still ends at its end", () => {
    const clock = new ScheduleClock();
    expect(clock.position(5)).toBe(5);
    expect(clock.length).toBe(Infinity);
    clock.refit(9, 100);
    expect([clock.length, clock.total]).toEqual([100, 100]);
    expect(clock.position(9)).toBe(9);
    expect(clock.position(40)).toBe(40);
    // Slower than the first count thought: 60 steps instead of 100; the position at step 40 is kept.
    clock.refit(40, 60);
    expect(clock.position(40)).toBeCloseTo(40, 12);
    expect(clock.position(50)).toBeCloseTo(70, 12);
    expect(clock.position(60)).toBeCloseTo(100, 12);
    // Faster: 200 steps; again no jump, and the end of the schedule moves to step 200.
    clock.refit(50, 200);
    expect(clock.position(50)).toBeCloseTo(70, 12);
    expect(clock.position(200)).toBeCloseTo(100, 12);
    const settings = trainSettingsSchema.parse({ learningRate: 0.01 });
    expect(learningRateAt(settings, clock.position(200), clock.length)).toBeCloseTo(0, 12);
  });
});

function estimateInput() {
  return {
    minutes: 5,
    elapsedSeconds: 1,
    stepsDone: 9,
    secondsPerStep: 0.1,
    batchesPerEpoch: 5,
    batchSize: 16,
    validImages: 0,
    maxSteps: 100_000,
  };
}

describe("dropout masks", () => {
  it("are seeded, fresh for every batch, and scaled so a unit's expectation is unchanged", () => {
    const draw = (random: () => number) => {
      const mask = new Float32Array(4000);
      fillDropoutMask(mask, 4000, 0.25, random);
      return Array.from(mask);
    };
    const random = seededRng(9);
    const first = draw(random);
    const second = draw(random);
    expect(second).not.toEqual(first);
    expect(draw(seededRng(9))).toEqual(first);
    expect(new Set(first)).toEqual(new Set([0, 1 / 0.75].map(Math.fround)));
    const dropped = first.filter((v) => v === 0).length / first.length;
    expect(dropped).toBeGreaterThan(0.22);
    expect(dropped).toBeLessThan(0.28);
    expect(() => fillDropoutMask(new Float32Array(1), 1, 1, random)).toThrow(RangeError);
  });
});

describe("training to a time budget", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  it("sets the step count after the probe, corrects it each epoch, decays and reports the epochs", async () => {
    const set: LabeledSet = {
      imageIds: Array.from({ length: 24 }, (_, i) => i),
      pixels: Float32Array.from({ length: 24 * 2304 }, (_, p) => ((p * 13) % 29) / 29),
      counts: Array.from({ length: 24 }, (_, i) => [i % 3 === 0 ? 5 : 1, i % 3 === 1 ? 5 : 1, 2]),
    };
    const lines: string[] = [];
    const result = await train(
      { train: set, valid: set, classes: ["neutral", "happiness", "surprise"] },
      { paradigm: "soft", minutes: 0.1, batchSize: 8, modelSize: "tiny", threads: 1, warmupSteps: 2 },
      { log: (line) => lines.push(line) },
    );
    result.model.dispose();
    expect(result.steps).toBeGreaterThan(PROBE_STEPS);
    expect(result.epochsDone).toBeCloseTo(result.steps / 3, 3);
    expect(lines.some((line) => /^budget: .* -> \d+ steps/.test(line))).toBe(true);
    expect(lines.some((line) => /^budget after epoch \d+: .* -> \d+ steps/.test(line))).toBe(true);
    // The last step is the step before the schedule's end. With 3 batches an epoch a correction can leave
    // the last few steps a large stretch of the schedule, so the bound is loose (no decay would be 100%).
    expect(result.epochs.at(-1)!.learningRate).toBeLessThan(0.001 * 0.15);
    // Six seconds of budget; even on a loaded machine the run stays in its order of magnitude.
    expect(result.durationMs).toBeLessThan(60_000);
  }, 120_000);
});
