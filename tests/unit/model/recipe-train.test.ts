// The recipe's network pieces in real training runs on tiny data: batch norm (statistics re-estimated
// from training images), a fourth conv block, the weight average, test-time flip and per-image input
// scaling repeat exactly for a seed on 2 threads, the stored model round-trips through serialisation with its custom layers,
// and own-feature prototypes run through the parallel step.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  buildNetwork,
  deserializeModel,
  disposeModel,
  forwardFlops,
  initBackend,
  serializeModel,
  train,
  type LabeledSet,
  type TrainSettingsInput,
} from "@/lib/model";
import { calibrateBatchNorm } from "@/lib/model/batch-norm";
import { StochasticWeightAverage } from "@/lib/model/swa";
import type { AveragingMoment } from "@/lib/model/types";
import { STRIPE_CLASSES, stripeFaces } from "../../helpers/stripe-faces";

const CLASSES = STRIPE_CLASSES;
const tinySet = stripeFaces;

async function run(settings: TrainSettingsInput) {
  const result = await train({ train: tinySet(40, 0), valid: tinySet(9, 1), classes: CLASSES }, settings);
  const weights = result.model.getWeights().map((tensor) => Array.from(tensor.dataSync()));
  return { result, weights, losses: result.epochs.map((epoch) => epoch.trainLoss) };
}

const base: TrainSettingsInput = { paradigm: "soft", epochs: 2, batchSize: 16, modelSize: "tiny", seed: 4 };

describe("recipe in training", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  it("batch norm + EMA + flip + per-image scaling on 2 threads repeat exactly; the model round-trips", async () => {
    const settings: TrainSettingsInput = {
      ...base,
      threads: 2,
      batchNorm: true,
      emaDecay: 0.9,
      ttaFlip: true,
      inputNorm: "perImage",
      labelSmoothing: 0.1,
      mixup: 0.4,
      cutout: 8,
    };
    const first = await run(settings);
    const second = await run(settings);
    expect(first.result.threads).toBe(2);
    expect(second.weights).toEqual(first.weights);
    expect(second.losses).toEqual(first.losses);
    expect(second.result.best.valid.accuracy).toBe(first.result.best.valid.accuracy);
    const model = first.result.model;
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(
      expect.arrayContaining(["ChorusBatchNorm", "HorizontalFlip", "PerImageStandardize", "Average"]),
    );
    const x = tf.tensor4d(tinySet(4, 2).pixels, [4, 48, 48, 1]);
    const restored = await deserializeModel(await serializeModel(model));
    const a = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    const b = (restored.predict(x) as tf.Tensor).arraySync() as number[][];
    b.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(a[i]![k]!, 6)));
    // The flip average: a mirrored image gets the same distribution.
    const mirrored = (model.predict(tf.reverse(x, 2)) as tf.Tensor).arraySync() as number[][];
    mirrored.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(a[i]![k]!, 5)));
    [x, model, restored, second.result.model].forEach((t) => t.dispose());
  }, 180_000);

  it("pll with own-feature prototypes, vote term, alignment, warm-up and a share rule repeats on 2 threads", async () => {
    const settings: TrainSettingsInput = {
      ...base,
      paradigm: "pll",
      threads: 2,
      // Epoch 2's updates are first read as targets in epoch 3.
      epochs: 3,
      prototypeWeight: 0.3,
      voteWeight: 0.2,
      pllAlignment: true,
      pllWarmupEpochs: 1,
      candidateRule: { kind: "share", share: 0.3 },
    };
    const first = await run(settings);
    const second = await run(settings);
    expect(second.weights).toEqual(first.weights);
    expect(second.losses).toEqual(first.losses);
    // Alignment reaches the targets: without it the same run ends elsewhere.
    const unaligned = await run({ ...settings, pllAlignment: false });
    expect(unaligned.weights).not.toEqual(first.weights);
    [first, second, unaligned].forEach((r) => r.result.model.dispose());
  }, 180_000);

  it("a fourth conv block (convBlocks 4) adds two 8w-channel convs at 6 px, trains and repeats on 2 threads", async () => {
    const three = buildNetwork(3, "small", 1);
    const four = buildNetwork(3, "small", 1, { convBlocks: 4 });
    expect(four.model.getLayer("block4_conv2").getWeights()[0]!.shape).toEqual([3, 3, 128, 128]);
    expect(four.features.outputShape).toEqual([null, 128]);
    // Two convs at 6x6 (64 -> 128 -> 128 channels); the hidden layer reads 3x3x128 instead of 6x6x64 values.
    const added = 2 * 6 * 6 * 9 * (64 * 128 + 128 * 128) - 2 * (6 * 6 * 64 - 3 * 3 * 128) * 128;
    expect(forwardFlops(four.model) - forwardFlops(three.model)).toBe(added);
    [three, four].forEach((network) => disposeModel(network.model));
    const settings: TrainSettingsInput = { ...base, threads: 2, convBlocks: 4 };
    const first = await run(settings);
    const second = await run(settings);
    expect(first.result.model.getLayer("block4_conv1").getWeights()[0]!.shape).toEqual([3, 3, 32, 64]);
    expect(first.losses.every(Number.isFinite)).toBe(true);
    expect(second.weights).toEqual(first.weights);
    [first, second].forEach((r) => disposeModel(r.result.model));
  }, 180_000);

  it("SWA: the stored model is the mean of the snapshots up to the selected epoch; repeats on 2 threads", async () => {
    // 40 images in batches of 16: 3 batches an epoch, 6 steps. From 5 % of the schedule on every batch
    // is a snapshot (3 batches / 4 a epoch rounds up to 1): steps 2-6, two of them in epoch 1.
    const settings: TrainSettingsInput = { ...base, threads: 2, swaStart: 0.05, swaLearningRate: 0.5 };
    const observe = StochasticWeightAverage.prototype.observe;
    const snapshots: number[][][] = [];
    const spy = vi.spyOn(StochasticWeightAverage.prototype, "observe").mockImplementation(function (
      this: StochasticWeightAverage,
      model: tf.LayersModel,
      moment: AveragingMoment,
    ) {
      if (StochasticWeightAverage.due(moment, this.start))
        snapshots.push(model.getWeights().map((tensor) => Array.from(tensor.dataSync())));
      observe.call(this, model, moment);
    });
    try {
      const first = await run(settings);
      expect(snapshots).toHaveLength(5);
      const taken = first.result.best.epoch === 1 ? snapshots.slice(0, 2) : snapshots;
      const mean = taken[0]!.map((w, i) =>
        w.map((_, j) => taken.reduce((sum, s) => sum + s[i]![j]!, 0) / taken.length),
      );
      first.weights.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(mean[i]![j]!, 5)));
      // The rate holds at swaLearningRate x base once the averaging phase has begun.
      expect(first.result.epochs.map((epoch) => epoch.learningRate)).toEqual([0.0005, 0.0005]);
      const second = await run(settings);
      expect(second.weights).toEqual(first.weights);
      [first, second].forEach((r) => disposeModel(r.result.model));
    } finally {
      spy.mockRestore();
    }
  }, 180_000);

  it("disposeModel frees a flip model's weights, which model.dispose() alone leaves behind", () => {
    const before = tf.memory().numTensors;
    const leaky = buildNetwork(3, "tiny", 1, { ttaFlip: true });
    const weights = leaky.model.getWeights();
    leaky.model.dispose();
    // The trunk and head are applied twice (image and mirror): one reference each survives.
    expect(tf.memory().numTensors - before).toBe(weights.length);
    weights.forEach((tensor) => tensor.dispose());
    expect(tf.memory().numTensors).toBe(before);
    for (const options of [{ ttaFlip: true }, {}]) {
      disposeModel(buildNetwork(3, "tiny", 1, options).model);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it("batch-norm calibration sets each layer's statistics to its input's batch moments", () => {
    const network = buildNetwork(3, "tiny", 1, { batchNorm: true });
    const set = tinySet(16, 0);
    calibrateBatchNorm(network, set.pixels, 16);
    const [layer] = network.batchNorm!.layers;
    const [, , movingMean, movingVariance] = layer!.getWeights();
    // The first BN's input: the first conv of the rescaled pixels (no BN before it).
    const input = network.batchNorm!.inputs.apply(tf.tensor4d(set.pixels, [16, 48, 48, 1]), {
      training: true,
    }) as tf.Tensor[];
    const { mean, variance } = tf.moments(input[0]!, [0, 1, 2]);
    Array.from(mean.dataSync()).forEach((v, c) => expect(movingMean!.dataSync()[c]).toBeCloseTo(v, 5));
    Array.from(variance.dataSync()).forEach((v, c) =>
      expect(movingVariance!.dataSync()[c]).toBeCloseTo(v, 5),
    );
    network.model.dispose();
  });
});
