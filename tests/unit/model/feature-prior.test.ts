// Feature-based PLL disambiguation (lib/model/feature-prior.ts, ParadigmTargets.mixPrior, train's
// `embeddings`): the prototype prior follows the embedding, stays inside each candidate set and sums to 1.
import { describe, expect, it } from "vitest";
import {
  ParadigmTargets,
  encoderEmbeddings,
  buildMimNetwork,
  initBackend,
  prototypePrior,
  train,
} from "@/lib/model";

const K = 3;
/** Images 0-3 sit in cluster A (class 0), 4-7 in cluster B (class 1); image 8 is ambiguous {0, 1} but lies in B. */
const embeddings = [
  ...Array.from({ length: 4 }, (_, i) => Float32Array.from([1, 0.1 * i, 0])),
  ...Array.from({ length: 4 }, (_, i) => Float32Array.from([0.1 * i, 1, 0])),
  Float32Array.from([0.05, 1, 0]),
];
const counts = [...Array(4).fill([5, 0, 0]), ...Array(4).fill([0, 5, 0]), [3, 3, 0]] as number[][];

describe("prototypePrior", () => {
  it("puts an ambiguous image's weight on the candidate whose prototype its embedding is near", () => {
    const targets = new ParadigmTargets(
      "pll",
      { imageIds: counts.map((_, i) => i), pixels: new Float32Array(0), counts },
      K,
      2,
    );
    expect(Array.from(targets.base.subarray(8 * K, 9 * K))).toEqual([0.5, 0.5, 0]);
    const prior = prototypePrior(embeddings, targets.base, targets.candidates!, K);
    const ambiguous = Array.from(prior.subarray(8 * K, 9 * K));
    expect(ambiguous[1]).toBeGreaterThan(0.9);
    expect(ambiguous[2]).toBe(0);
    for (let i = 0; i < counts.length; i++)
      expect(prior.subarray(i * K, (i + 1) * K).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // A single candidate keeps all its weight.
    expect(prior[0]).toBeCloseTo(1, 6);

    targets.mixPrior(prior, 0.5);
    const mixed = Array.from(targets.base.subarray(8 * K, 9 * K));
    expect(mixed[0]! + mixed[1]!).toBeCloseTo(1, 6);
    expect(mixed[1]).toBeCloseTo(0.5 * 0.5 + 0.5 * ambiguous[1]!, 6);
    expect(mixed[2]).toBe(0);
  });
});

describe("train with pretrained embeddings", () => {
  it("mixes the prior into PLL's first weights when featurePrior > 0, not at 0", async () => {
    await initBackend({ prefer: "wasm", log: () => {} });
    const n = 24;
    const pixels = new Float32Array(n * 2304).map((_, p) => ((p * 7919) % 101) / 100);
    const set = {
      imageIds: Array.from({ length: n }, (_, i) => i),
      pixels,
      counts: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? [3, 3, 0] : [0, 4, 1])),
    };
    const network = buildMimNetwork("tiny", 1);
    const features = encoderEmbeddings(network.encoder, pixels, n);
    expect(features).toHaveLength(n);
    expect(features[0]).toHaveLength(32);
    network.encoder.dispose();
    for (const featurePrior of [0.5, 0]) {
      const lines: string[] = [];
      const result = await train(
        { train: set, valid: set, classes: ["neutral", "happiness", "surprise"] },
        { paradigm: "pll", epochs: 1, batchSize: 8, modelSize: "tiny", threads: 1, featurePrior },
        { embeddings: features, log: (line) => void lines.push(line) },
      );
      expect(lines.some((line) => line.includes("pretrained-feature prior mixed"))).toBe(featurePrior > 0);
      result.model.dispose();
    }
  }, 60_000);
});
