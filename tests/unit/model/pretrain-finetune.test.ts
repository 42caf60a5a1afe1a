// Fine-tuning from a freshly pretrained encoder (issue 16's regression guard): every conv layer of the
// classifier starts as the encoder's layer of the same name, the dense layers as a fresh seeded network,
// and on an easy task (the class is where a bright bar sits, under noise and random brightness) the
// fine-tuned model learns beyond the majority answer as scratch does at the same epochs.
import { describe, expect, it } from "vitest";
import {
  buildNetwork,
  initialWeightsFromEncoder,
  pretrain,
  train,
  type LabeledSet,
  type TrainSettingsInput,
} from "@/lib/model";
import { seededRng } from "@/lib/random";

const CLASSES = ["neutral", "happiness", "surprise"];

function barSet(n: number, seed: number): LabeledSet {
  const random = seededRng(seed);
  const pixels = new Float32Array(n * 2304);
  const counts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * 3);
    const base = 0.2 + 0.3 * random();
    for (let p = 0; p < 2304; p++) {
      const band = Math.floor(Math.floor(p / 48) / 16);
      pixels[i * 2304 + p] = Math.min(1, base + (band === c ? 0.4 : 0) + 0.1 * random());
    }
    counts.push(CLASSES.map((_, k) => (k === c ? 8 : k === (c + 1) % 3 ? 2 : 0)));
  }
  return { imageIds: counts.map((_, i) => i), pixels, counts };
}

describe("fine-tuning from a pretrained encoder", () => {
  it("loads every conv layer from the encoder and learns beyond the majority answer", async () => {
    const data = { train: barSet(96, 1), valid: barSet(48, 2), classes: CLASSES };
    const { encoder } = await pretrain(data.train.pixels, {
      modelSize: "tiny",
      epochs: 2,
      batchSize: 16,
      seed: 3,
    });
    const initialWeights = initialWeightsFromEncoder(encoder, CLASSES.length, "tiny", 3);
    // Layer by layer: conv weights equal the encoder's, dense weights a fresh network's of the same seed.
    const fresh = buildNetwork(CLASSES.length, "tiny", 3).model;
    const names = fresh.weights.map((weight) => weight.originalName);
    let convArrays = 0;
    names.forEach((name, i) => {
      const [layer, kind] = name.split("/") as [string, string];
      const expected = name.startsWith("block")
        ? encoder.getLayer(layer).getWeights()[kind === "kernel" ? 0 : 1]!
        : fresh.getWeights()[i]!;
      if (name.startsWith("block")) convArrays++;
      expect(Array.from(initialWeights[i]!), name).toEqual(Array.from(expected.dataSync()));
    });
    expect(convArrays).toBe(12);
    [encoder, fresh].forEach((model) => model.dispose());

    const settings: TrainSettingsInput = {
      paradigm: "majority",
      epochs: 3,
      batchSize: 16,
      modelSize: "tiny",
      seed: 3,
      threads: 1,
    };
    const tuned = await train(data, settings, { initialWeights });
    const scratch = await train(data, settings);
    const majorityShare =
      Math.max(...[0, 1, 2].map((c) => data.valid.counts.filter((row) => row[c] === 8).length)) / 48;
    expect(scratch.best.valid.accuracy).toBeGreaterThan(majorityShare);
    expect(tuned.best.valid.accuracy).toBeGreaterThan(majorityShare);
    expect(tuned.best.valid.accuracy).toBeGreaterThanOrEqual(scratch.best.valid.accuracy - 0.1);
    [tuned.model, scratch.model].forEach((model) => model.dispose());
  }, 300_000);
});
