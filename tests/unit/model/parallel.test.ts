// Data-parallel training (lib/model/parallel.ts): the same seed and thread count repeat exactly, and 2
// threads compute the same steps as 1 up to float rounding (the shard gradients sum to the batch's).
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend, train, type LabeledSet, type TrainSettingsInput } from "@/lib/model";
import { shardRange } from "@/lib/model/parallel";
import { STRIPE_CLASSES, stripeFaces } from "../../helpers/stripe-faces";

const CLASSES = STRIPE_CLASSES;
const tinySet = stripeFaces;

async function run(settings: TrainSettingsInput) {
  const result = await train({ train: tinySet(40, 0), valid: tinySet(9, 1), classes: CLASSES }, settings);
  const weights = result.model.getWeights().map((tensor) => Array.from(tensor.dataSync()));
  result.model.dispose();
  return { result, weights, losses: result.epochs.map((epoch) => epoch.trainLoss) };
}

const base: TrainSettingsInput = { paradigm: "pll", epochs: 2, batchSize: 16, modelSize: "tiny", seed: 4 };

describe("data-parallel training", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  it("splits a batch into contiguous shards that cover it once", () => {
    expect([0, 1, 2].map((t) => shardRange(10, 3, t))).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect([0, 1].map((t) => shardRange(1, 2, t))).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it("two runs with the same seed on 2 threads end with identical weights (dropout on)", async () => {
    const settings = { ...base, threads: 2, dropout: 0.3 };
    const first = await run(settings);
    const second = await run(settings);
    expect(first.result.threads).toBe(2);
    expect(second.weights).toEqual(first.weights);
    expect(second.losses).toEqual(first.losses);
    // Step timings (bench:train's columns), warm-up step left out: per step |own - helper| summed is
    // at least the difference of the sums and at most their total; one thread has no gap.
    const t = first.result.stepTimings;
    expect(t.steps).toBe(first.result.steps - 1);
    expect(t.helperShardMs).toBeGreaterThan(0);
    expect(t.shardGapMs).toBeGreaterThanOrEqual(Math.abs(t.ownShardMs - t.helperShardMs) - 1e-9);
    expect(t.shardGapMs).toBeLessThanOrEqual(t.ownShardMs + t.helperShardMs);
    const single = await run({ ...settings, threads: 1, epochs: 1 });
    expect(single.result.stepTimings.shardGapMs).toBe(0);
    expect(single.result.stepTimings.helperShardMs).toBe(0);
  }, 120_000);

  // SGD as well as Adam: Adam's update hardly changes when a gradient is scaled, SGD's does.
  it.each(["adam", "sgd"] as const)(
    "%s: 1 and 2 threads give the same losses and weights",
    async (optimizer) => {
      // 40 images in batches of 16: 3 steps per epoch, the last one a 8-image batch split 4 + 4.
      const settings = { ...base, optimizer, learningRate: optimizer === "sgd" ? 0.02 : 0.001 };
      const one = await run({ ...settings, threads: 1 });
      const two = await run({ ...settings, threads: 2 });
      expect(one.result.threads).toBe(1);
      expect(two.result.threads).toBe(2);
      expect(two.result.steps).toBe(6);
      two.losses.forEach((loss, i) => expect(loss).toBeCloseTo(one.losses[i]!, 4));
      let largest = 0;
      one.weights.forEach((values, i) =>
        values.forEach((v, j) => (largest = Math.max(largest, Math.abs(v - two.weights[i]![j]!)))),
      );
      // A step moves a weight by ~lr (1e-3 .. 2e-2); a real divergence would show at that scale.
      expect(largest).toBeLessThan(1e-4);
      // ... and the runs did train: the weights moved from the seeded start.
      const start = await run({ ...settings, epochs: 1, learningRate: 1e-9, threads: 1 });
      expect(start.weights[0]).not.toEqual(one.weights[0]);
    },
    180_000,
  );

  it("aborting mid-run on 2 threads rejects with an AbortError and leaks no tensors", async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const batches: number[] = [];
    await expect(
      train(
        { train: tinySet(40, 0), valid: tinySet(9, 1), classes: CLASSES },
        { ...base, threads: 2, epochs: 3 },
        {
          signal: controller.signal,
          onBatch: ({ batch }) => {
            batches.push(batch);
            if (batch === 2) controller.abort();
          },
        },
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(batches).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it("a last batch of one image (an empty shard on the main thread) trains like 1 thread", async () => {
    // 33 images in batches of 16: the third batch holds one image, so shard 0 of 2 is empty.
    const data = { train: tinySet(33, 0), valid: tinySet(9, 1), classes: CLASSES };
    const settings = { ...base, epochs: 1 };
    const runs: { loss: number; weights: Float32Array }[] = [];
    for (const threads of [1, 2]) {
      const result = await train(data, { ...settings, threads });
      runs.push({
        loss: result.epochs[0]!.trainLoss,
        weights: result.model.getWeights()[0]!.dataSync() as Float32Array,
      });
      result.model.dispose();
    }
    expect(Number.isFinite(runs[1]!.loss)).toBe(true);
    expect(runs[1]!.loss).toBeCloseTo(runs[0]!.loss, 4);
    runs[1]!.weights.forEach((v, j) => expect(Math.abs(v - runs[0]!.weights[j]!)).toBeLessThan(1e-4));
  }, 60_000);
});
