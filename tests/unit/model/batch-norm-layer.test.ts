// The batch-norm layer with the closed-form gradient (lib/model/batch-norm-layer.ts) against tfjs's
// own chain: in training its output and its gradients for x, gamma and beta match autodiff through
// tf.moments + tf.batchNorm; at inference it matches tfjs's BatchNormalization layer given the same
// four weights; a model holding it round-trips through tfjs's serialisation; and a model stored before
// it existed (tfjs's layer) loads and hands its weights to today's network in the same order.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildNetwork, deserializeModel, initBackend, serializeModel } from "@/lib/model";
import { BatchNorm } from "@/lib/model/batch-norm-layer";

const SHAPE: [number, number, number, number] = [5, 6, 7, 3];

function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance: number) {
  expect(actual.shape).toEqual(expected.shape);
  const scale = Math.max(1, tf.max(tf.abs(expected)).dataSync()[0]!);
  expect(tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!).toBeLessThan(tolerance * scale);
}

describe("batch-norm layer", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  it("normalises by the batch in training, with tfjs's own gradients for x, gamma and beta", () => {
    const layer = new BatchNorm({ name: "bn" });
    layer.build(SHAPE);
    const gamma = tf.tensor1d([0.5, 2, -1.5]);
    const beta = tf.tensor1d([0.1, -0.3, 2]);
    layer.setWeights([gamma, beta, tf.zeros([3]), tf.ones([3])]);
    // A mean far from zero and unequal channel scales, as conv outputs have.
    const x = tf.add(tf.mul(tf.randomNormal(SHAPE, 0, 1, "float32", 7), [1, 3, 0.2]), [4, -2, 0.5]);
    const dy = tf.randomNormal(SHAPE, 0, 1, "float32", 8);
    const reference = (input: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(input, [0, 1, 2]);
      return tf.batchNorm(input, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3);
    };
    const output = layer.apply(x, { training: true }) as tf.Tensor;
    expectClose(output, reference(x, gamma, beta), 1e-5);
    // Normalised per channel: (y - beta) / gamma has zero mean and variance var / (var + eps) over N, H, W.
    const { mean, variance } = tf.moments(tf.div(tf.sub(output, beta), gamma), [0, 1, 2]);
    const inputVariance = tf.moments(x, [0, 1, 2]).variance.dataSync();
    mean.dataSync().forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
    variance
      .dataSync()
      .forEach((v, c) => expect(v).toBeCloseTo(inputVariance[c]! / (inputVariance[c]! + 1e-3), 4));
    // The moving statistics are left alone in training (batch-norm.ts re-estimates them).
    expect(Array.from(layer.getWeights()[2]!.dataSync())).toEqual([0, 0, 0]);

    // Gradients of sum(y * dy): tfjs's autodiff of the reference chain against the layer's own.
    const [dx, dgamma, dbeta] = tf.grads((a, g, b) => tf.sum(tf.mul(reference(a!, g!, b!), dy)))([
      x,
      gamma,
      beta,
    ]);
    const xVariable = tf.variable(x, true, "bn_test_x");
    const { grads } = tf.variableGrads(() =>
      tf.sum(tf.mul(layer.apply(xVariable, { training: true }) as tf.Tensor, dy)),
    );
    const [gammaVariable, betaVariable] = layer.trainableWeights.map(
      (weight) => (weight.read() as tf.Variable).name,
    );
    expectClose(grads[xVariable.name]!, dx!, 1e-4);
    expectClose(grads[gammaVariable!]!, dgamma!, 1e-4);
    expectClose(grads[betaVariable!]!, dbeta!, 1e-4);
    // Not a trivial match: the gradient for x is far from zero and from dy * gamma / std alone.
    expect(tf.max(tf.abs(dx!)).dataSync()[0]!).toBeGreaterThan(0.1);
    xVariable.dispose();
  });

  it("uses the moving statistics at inference, as tfjs's BatchNormalization does", () => {
    const weights = [
      [0.5, 2, -1.5],
      [0.1, -0.3, 2],
      [1, -2, 0.25],
      [4, 0.5, 2],
    ].map((w) => tf.tensor1d(w));
    const ours = new BatchNorm({ name: "ours" });
    const theirs = tf.layers.batchNormalization({ axis: -1, name: "theirs" });
    ours.build(SHAPE);
    theirs.build(SHAPE);
    ours.setWeights(weights);
    theirs.setWeights(weights);
    const x = tf.randomNormal(SHAPE, 0, 2, "float32", 9);
    expectClose(ours.apply(x) as tf.Tensor, theirs.apply(x) as tf.Tensor, 1e-5);
    expect(ours.getWeights().map((w) => w.shape)).toEqual(theirs.getWeights().map((w) => w.shape));
  });

  it("round-trips through tfjs's serialisation with its weights", async () => {
    const input = tf.input({ shape: SHAPE.slice(1) });
    const model = tf.model({
      inputs: input,
      outputs: new BatchNorm({ epsilon: 0.01 }).apply(input) as tf.SymbolicTensor,
    });
    model.layers[1]!.setWeights(
      [
        [3, 1, 2],
        [0, 1, 0],
        [1, 1, 1],
        [2, 2, 2],
      ].map((w) => tf.tensor1d(w)),
    );
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(
        async (artifacts) => (
          (saved = artifacts),
          { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } }
        ),
      ),
    );
    const restored = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(restored.layers[1]!.getClassName()).toBe("ChorusBatchNorm");
    expect((restored.layers[1]!.getConfig() as { epsilon: number }).epsilon).toBe(0.01);
    const x = tf.randomNormal([2, ...SHAPE.slice(1)], 0, 1, "float32", 3);
    expectClose(restored.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, 1e-6);
  });
  it("reads models stored with tfjs's BatchNormalization: they load, and their weights fit today's network", async () => {
    const today = buildNetwork(3, "tiny", 2, { batchNorm: true }).model;
    // The same network as stored before this layer existed: tfjs's class in place of ours.
    const topology = JSON.stringify(today.toJSON(null, false)).replaceAll(
      '"ChorusBatchNorm"',
      '"BatchNormalization"',
    );
    const before = await tf.models.modelFromJSON({
      modelTopology: JSON.parse(topology) as tf.io.ModelJSON["modelTopology"],
    });
    expect(before.layers.filter((layer) => layer.getClassName() === "BatchNormalization")).toHaveLength(6);
    // Statistics and scales away from their initial values, so a wrong order would show.
    before.setWeights(
      before
        .getWeights()
        .map((w, i) => tf.add(w, tf.mul(tf.randomUniform(w.shape, 0, 1, "float32", i), 0.5))),
    );
    const restored = await deserializeModel(await serializeModel(before));
    today.setWeights(restored.getWeights());
    const x = tf.randomUniform([3, 48, 48, 1], 0, 1, "float32", 5);
    expectClose(today.predict(x) as tf.Tensor, before.predict(x) as tf.Tensor, 1e-5);
    expect(
      tf
        .max(
          tf.abs(
            tf.sub(
              today.predict(x) as tf.Tensor,
              buildNetwork(3, "tiny", 2, { batchNorm: true }).model.predict(x) as tf.Tensor,
            ),
          ),
        )
        .dataSync()[0]!,
    ).toBeGreaterThan(1e-3);
  });
});
