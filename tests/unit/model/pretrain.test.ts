// Masked image modeling (lib/model/pretrain*.ts): the masks' shapes and counts, the reconstruction's shape,
// a loss that reads masked pixels only, and a 1-epoch pretrain -> serialise -> reload -> fine-tune smoke run.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  applyMask,
  buildMimNetwork,
  deserializeModel,
  drawPatchMask,
  initBackend,
  initialWeightsFromEncoder,
  maskedL1,
  maskedPatchCount,
  normalizePatches,
  pixelMask,
  pretrain,
  reconstruct,
  serializeModel,
  train,
  type LabeledSet,
} from "@/lib/model";
import { seededRng } from "@/lib/random";

const CLASSES = ["neutral", "happiness", "surprise"];

/** Faces with structure to reconstruct: a bright stripe per class plus a gradient. */
function tinySet(n: number, offset: number): LabeledSet {
  const pixels = new Float32Array(n * 2304);
  const counts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = (i + offset) % 3;
    for (let p = 0; p < 2304; p++)
      pixels[i * 2304 + p] = Math.floor(p / 48 / 16) === c ? 0.9 : 0.1 + (p % 48) / 100;
    counts.push(CLASSES.map((_, k) => (k === c ? 7 : k === (c + 1) % 3 ? 3 : 0)));
  }
  return { imageIds: counts.map((_, i) => i + offset), pixels, counts };
}

describe("masking", () => {
  it("masks exactly round(ratio * 36) of the 36 8x8 patches per image, clamped to 1..35", () => {
    expect([0.6, 0.05, 0.95, 0.5].map(maskedPatchCount)).toEqual([22, 2, 34, 18]);
    expect(maskedPatchCount(0)).toBe(1);
    expect(maskedPatchCount(1)).toBe(35);
    const mask = drawPatchMask(5, 0.6, seededRng(1));
    expect(mask.length).toBe(5 * 36);
    for (let i = 0; i < 5; i++)
      expect(mask.subarray(i * 36, (i + 1) * 36).reduce((a, b) => a + b, 0)).toBe(22);
    // Different images get different patches (a draw per image, not one shared mask).
    expect(mask.subarray(0, 36).join()).not.toBe(mask.subarray(36, 72).join());
  });

  it("expands patches to 8x8 pixel squares and fills masked pixels with mid-grey only", () => {
    const patches = new Uint8Array(36);
    patches[0] = 1; // top-left
    patches[7] = 1; // row 1, column 1: pixels y 8..15, x 8..15
    const mask = pixelMask(patches, 1);
    expect(mask.length).toBe(2304);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(128);
    expect([
      mask[0],
      mask[7 * 48 + 7],
      mask[8],
      mask[8 * 48 + 8],
      mask[15 * 48 + 15],
      mask[16 * 48 + 16],
    ]).toEqual([1, 1, 0, 1, 1, 0]);
    const pixels = tinySet(1, 0).pixels;
    const out = new Float32Array(2304);
    applyMask(pixels, mask, out, 1);
    for (let i = 0; i < 2304; i++) expect(out[i]).toBe(mask[i] ? 0.5 : pixels[i]);
  });
});

describe("reconstruction", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  it("maps n x 48 x 48 x 1 inputs to n x 48 x 48 pixels, each 8x8 patch from its own feature cell", () => {
    const network = buildMimNetwork("tiny", 1);
    expect(network.encoder.outputs[0]!.shape).toEqual([null, 6, 6, 32]);
    const input = tf.tensor4d(tinySet(3, 0).pixels, [3, 48, 48, 1]);
    const output = reconstruct(network, input, false);
    expect(output.shape).toEqual([3, 48, 48]);
    // The pixel shuffle: channel dy*8+dx of cell (cy, cx) is pixel (cy*8+dy, cx*8+dx).
    const patches = network.decoder.apply(network.encoder.apply(input)) as tf.Tensor4D;
    const cells = patches.arraySync();
    const pixels = output.arraySync();
    expect(pixels[2]![2 * 8 + 3]![4 * 8 + 5]).toBeCloseTo(cells[2]![2]![4]![3 * 8 + 5]!, 6);
    expect(pixels[0]![47]![0]).toBeCloseTo(cells[0]![5]![0]![7 * 8]!, 6);
    tf.dispose([input, output, patches]);
    network.encoder.dispose();
  });

  it("builds the encoder with the classifier's input scaling: per image gives the same trunk, other inputs", () => {
    const scaled = buildMimNetwork("tiny", 1, "perImage");
    const plain = buildMimNetwork("tiny", 1, "range");
    expect(scaled.encoder.layers.map((layer) => layer.getClassName())).toContain("PerImageStandardize");
    expect(plain.encoder.layers.map((layer) => layer.getClassName())).not.toContain("PerImageStandardize");
    // Same seeded trunk weights (the scaling layer has none), so only the input the trunk sees differs.
    const weights = (network: typeof scaled) =>
      network.encoder.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(scaled)).toEqual(weights(plain));
    const input = tf.tensor4d(tinySet(1, 0).pixels, [1, 48, 48, 1]);
    const [a, b] = [scaled, plain].map((network) => network.encoder.predict(input) as tf.Tensor);
    expect(tf.max(tf.abs(tf.sub(a!, b!))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([input, a!, b!]);
    scaled.encoder.dispose();
    plain.encoder.dispose();
  });

  it("counts the error of masked pixels only", () => {
    const prediction = tf.tensor1d([0, 0, 0, 0]);
    const target = tf.tensor1d([1, 0.5, 9, 9]);
    const mask = tf.tensor1d([1, 1, 0, 0]);
    expect(maskedL1(prediction, target, mask).dataSync()[0]).toBeCloseTo(0.75, 6);
    tf.dispose([prediction, target, mask]);
  });

  it("normalises every 8x8 patch to mean 0 and std 1, and maps back with the reference's statistics", () => {
    const random = seededRng(7);
    const values = Float32Array.from({ length: 2 * 48 * 48 }, (_, i) => (i % 48 < 8 ? 0.3 : random()));
    const pixels = tf.tensor3d(values, [2, 48, 48]);
    const normalized = normalizePatches(pixels);
    const patch = normalized.slice([1, 16, 24], [1, 8, 8]);
    expect(tf.mean(patch).dataSync()[0]).toBeCloseTo(0, 5);
    expect(Math.sqrt(tf.mean(tf.square(patch)).dataSync()[0]!)).toBeCloseTo(1, 3);
    // A flat patch (constant 0.3) becomes zeros rather than dividing by zero.
    expect(Math.max(...normalized.slice([0, 0, 0], [1, 8, 8]).abs().dataSync())).toBeLessThan(1e-3);
    const back = normalizePatches(normalized, pixels);
    expect(Math.max(...tf.abs(tf.sub(back, pixels)).dataSync())).toBeLessThan(1e-4);
    tf.dispose([pixels, normalized, patch, back]);
  });
});

describe("pretrain -> fine-tune", () => {
  it("pretrains 3 short epochs, lowers the loss, survives save and reload, and fine-tunes from the encoder", async () => {
    const faces = tinySet(64, 0);
    const result = await pretrain(
      faces.pixels,
      { modelSize: "tiny", epochs: 3, batchSize: 16, maskRatio: 0.5, seed: 2, learningRate: 0.003 },
      { sampleCount: 3 },
    );
    expect(result.faces).toBe(64);
    expect(result.steps).toBe(12);
    expect(result.epochsDone).toBe(3);
    expect(result.lossCurve.map((point) => point.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(result.lossCurve.at(-1)!.loss).toBeLessThan(result.lossCurve[0]!.loss);
    expect(result.samples.count).toBe(3);
    expect(result.samples.reconstruction.length).toBe(3 * 2304);
    // Visible pixels of a sample are the original's; masked ones are grey in the input.
    const { original, masked, reconstruction } = result.samples;
    const visible = Array.from(masked.keys()).filter((i) => masked[i] !== 0.5);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((i) => reconstruction[i] === original[i])).toBe(true);

    const artifacts = await serializeModel(result.encoder);
    const reloaded = await deserializeModel({
      topology: JSON.parse(JSON.stringify(artifacts.topology)) as object,
      weightSpecs: JSON.parse(JSON.stringify(artifacts.weightSpecs)) as object[],
      weights: Buffer.from(artifacts.weights),
    });
    const probe = tf.tensor4d(tinySet(2, 1).pixels, [2, 48, 48, 1]);
    const before = (result.encoder.predict(probe) as tf.Tensor).dataSync();
    const after = (reloaded.predict(probe) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));

    const initial = initialWeightsFromEncoder(reloaded, CLASSES.length, "tiny", 5);
    // The first conv kernel is the encoder's, not a fresh seeded one.
    expect(Array.from(initial[0]!)).toEqual(
      Array.from(reloaded.getLayer("block1_conv1").getWeights()[0]!.dataSync()),
    );
    expect(() => initialWeightsFromEncoder(reloaded, CLASSES.length, "small", 5)).toThrow(/model size small/);
    const tuned = await train(
      { train: tinySet(48, 0), valid: tinySet(12, 1), classes: CLASSES },
      { paradigm: "pll", epochs: 1, batchSize: 16, modelSize: "tiny", seed: 5, threads: 1 },
      { initialWeights: initial },
    );
    expect(tuned.epochs).toHaveLength(1);
    expect(Number.isFinite(tuned.best.trainLoss)).toBe(true);
    tf.dispose(probe);
    [result.encoder, reloaded, tuned.model].forEach((model) => model.dispose());
  }, 120_000);
});
