// ML smoke test (as tfjs-examples abalone-node/model_test.js): 2 epochs on tiny data, save, reload,
// identical predictions; plus cancellation and the wasm replacement kernels against the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { deserializeModel, initBackend, predict, serializeModel, train, type LabeledSet } from "@/lib/model";

const CLASSES = ["neutral", "happiness", "surprise"];

/** Tiny separable data: class c images are bright in stripe c, votes mostly on c. */
function tinySet(n: number, offset: number): LabeledSet {
  const pixels = new Float32Array(n * 2304);
  const counts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = (i + offset) % 3;
    for (let p = 0; p < 2304; p++)
      pixels[i * 2304 + p] = Math.floor(p / 48 / 16) === c ? 0.9 : 0.1 + ((p * 7 + i) % 13) / 100;
    counts.push(CLASSES.map((_, k) => (k === c ? 7 : k === (c + 1) % 3 ? 3 : 0)));
  }
  return { imageIds: counts.map((_, i) => i + offset), pixels, counts };
}

describe("training core", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  it("trains 2 epochs, serialises, deserialises and predicts the same distributions", async () => {
    const epochs: number[] = [];
    const batches: string[] = [];
    const result = await train(
      { train: tinySet(48, 0), valid: tinySet(12, 1), classes: CLASSES },
      { paradigm: "pll", epochs: 2, batchSize: 16, modelSize: "tiny", seed: 3 },
      {
        onEpoch: (m) => void epochs.push(m.epoch),
        onBatch: (p) => void batches.push(`${p.epoch}:${p.batch}/${p.batches}`),
      },
    );
    expect(epochs).toEqual([1, 2]);
    expect(batches).toEqual(["1:1/3", "1:2/3", "1:3/3", "2:1/3", "2:2/3", "2:3/3"]);
    expect(result.backend).toBe("wasm");
    expect(result.epochs.every((e) => Number.isFinite(e.trainLoss) && e.valid.images === 12)).toBe(true);
    const artifacts = await serializeModel(result.model);
    expect(artifacts.weights.byteLength).toBeGreaterThan(1000);
    // Through JSON and a fresh Buffer, as a database round trip would.
    const reloaded = await deserializeModel({
      topology: JSON.parse(JSON.stringify(artifacts.topology)) as object,
      weightSpecs: JSON.parse(JSON.stringify(artifacts.weightSpecs)) as object[],
      weights: Buffer.from(artifacts.weights),
    });
    const probe = tinySet(5, 2).pixels;
    const before = predict(result.model, probe, 5);
    const after = predict(reloaded, probe, 5);
    expect(after).toEqual(before);
    before.forEach((d) => expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    result.model.dispose();
    reloaded.dispose();
  }, 60_000);

  it("is reproducible for a seed", async () => {
    const run = async () => {
      const r = await train(
        { train: tinySet(32, 0), valid: tinySet(6, 1), classes: CLASSES },
        { paradigm: "pld", epochs: 1, batchSize: 16, modelSize: "tiny", seed: 5 },
      );
      const loss = r.epochs[0]!.trainLoss;
      r.model.dispose();
      return loss;
    };
    expect(await run()).toBe(await run());
  }, 60_000);

  it("an aborted signal stops after the current batch with an AbortError and leaks no tensors", async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(
      train(
        { train: tinySet(32, 0), valid: tinySet(6, 1), classes: CLASSES },
        { epochs: 3, batchSize: 8, modelSize: "tiny" },
        { signal: controller.signal },
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(tf.memory().numTensors).toBe(before);
  });

  it("the wasm replacement kernels (MaxPoolGrad, transposed MatMul, leading-axis Sum) match cpu", async () => {
    const compute = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(
          Float32Array.from({ length: 2 * 8 * 6 * 3 }, (_, i) => Math.sin(i * 1.7)),
          [2, 8, 6, 3],
        );
        const a = tf.tensor2d(
          Float32Array.from({ length: 35 }, (_, i) => Math.cos(i)),
          [5, 7],
        );
        const b = tf.tensor2d(
          Float32Array.from({ length: 28 }, (_, i) => Math.sin(i * 0.3)),
          [7, 4],
        );
        const pooled = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, "valid"), tf.range(1, 25).reshape([2, 4, 3, 1]))),
        )(x);
        return [
          pooled,
          tf.sum(x, [0, 1, 2]),
          tf.sum(x, [0, 1], true),
          tf.matMul(a, a, true, false),
          tf.matMul(a, b.transpose(), false, true),
        ].map((t) => Array.from(t.dataSync()));
      });
    };
    const cpu = await compute("cpu");
    const wasm = await compute("wasm");
    wasm.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(cpu[i]![j]!, 4)));
  });
});
