// The training loop: seeded shuffling and augmentation, one paradigm's targets, per-epoch validation
// under the FERPlus protocol, best-epoch selection, and cooperative cancellation between batches.
import * as tf from "@tensorflow/tfjs";
import { seededRng } from "../random";
import { initBackend } from "./backend";
import { fillBatch, shuffle } from "./batch";
import { crossEntropyFromLogProbabilities } from "./loss";
import { buildNetwork } from "./network";
import { ParadigmTargets } from "./paradigms";
import { evaluate } from "./predict";
import { createOptimizer, learningRateAt } from "./schedule";
import { trainSettingsSchema, type TrainSettingsInput } from "./settings";
import {
  IMAGE_SIZE,
  PIXELS_PER_IMAGE,
  type EpochMetrics,
  type LabeledSet,
  type TrainLog,
  type TrainResult,
} from "./types";

export type BatchProgress = { epoch: number; batch: number; batches: number; loss: number };
export type TrainData = { train: LabeledSet; valid: LabeledSet; classes: string[] };
export type TrainOptions = {
  /** Aborting stops after the current batch and rejects with an AbortError; no model is returned. */
  signal?: AbortSignal;
  onEpoch?: (metrics: EpochMetrics) => Promise<void> | void;
  /** After every batch (epochs take minutes on CPU): for live progress; throttle writes yourself. */
  onBatch?: (progress: BatchProgress) => Promise<void> | void;
  log?: TrainLog;
};

function abortError(): Error {
  return new DOMException("training aborted", "AbortError");
}

/** Yields to the event loop so that signal handlers (SIGTERM -> abort) run between batches. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains one model; resolves with the epoch that scored best on `valid` (accuracy, then NLL). */
export async function train(
  data: TrainData,
  settingsInput: TrainSettingsInput,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const started = Date.now();
  const settings = trainSettingsSchema.parse(settingsInput);
  const log = options.log ?? (() => {});
  const backend = await initBackend({ log });
  const k = data.classes.length;
  const targets = new ParadigmTargets(settings.paradigm, data.train, k, settings.candidateMinVotes);
  if (targets.size === 0) throw new Error("no training image has a usable emotion answer");
  const random = seededRng(settings.seed);
  const network = buildNetwork(k, settings.modelSize, settings.seed);
  const { optimizer, setLearningRate } = createOptimizer(settings);
  const batchSize = Math.min(settings.batchSize, targets.size);
  const batchesPerEpoch = Math.ceil(targets.size / batchSize);
  const totalSteps = batchesPerEpoch * settings.epochs;
  const order = Array.from({ length: targets.size }, (_, i) => i);
  const pixels = new Float32Array(batchSize * PIXELS_PER_IMAGE);
  const labels = new Float32Array(batchSize * k);
  const epochs: EpochMetrics[] = [];
  let best: { metrics: EpochMetrics; weights: tf.Tensor[] } | undefined;
  const dispose = () => {
    best?.weights.forEach((tensor) => tensor.dispose());
    optimizer.dispose();
    network.model.dispose();
  };
  log(
    `training ${settings.paradigm}: ${targets.size} images, ${settings.epochs} epochs, batch ${batchSize}, ${backend}`,
  );
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const epochStart = performance.now();
      shuffle(order, random);
      const q = targets.forEpoch(random);
      let lossSum = 0;
      let learningRate = settings.learningRate;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        const indices = order.slice(batch * batchSize, (batch + 1) * batchSize);
        const n = indices.length;
        const rows = indices.map((index) => targets.rows[index]!);
        fillBatch(
          pixels,
          data.train.pixels,
          rows,
          settings.augment ? { padding: settings.cropPadding, random } : null,
        );
        indices.forEach((index, b) => labels.set(q.subarray(index * k, (index + 1) * k), b * k));
        learningRate = learningRateAt(settings, (epoch - 1) * batchesPerEpoch + batch, totalSteps);
        setLearningRate(learningRate);
        let probabilities: tf.Tensor | undefined;
        const loss = optimizer.minimize(() => {
          const x = tf.tensor4d(pixels.subarray(0, n * PIXELS_PER_IMAGE), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
          const y = tf.tensor2d(labels.subarray(0, n * k), [n, k]);
          const logits = network.logits.apply(x, { training: true }) as tf.Tensor2D;
          // L = -(1/B) sum_i sum_k q_ik log softmax(z_i)_k  (see paradigms.ts)
          const logProbabilities = tf.logSoftmax(logits);
          if (targets.candidates) probabilities = tf.keep(tf.exp(logProbabilities));
          return crossEntropyFromLogProbabilities(logProbabilities, y);
        }, true);
        const batchLoss = loss!.dataSync()[0]!;
        lossSum += batchLoss * n;
        loss!.dispose();
        if (probabilities) {
          const values = probabilities.dataSync();
          probabilities.dispose();
          indices.forEach((index, b) => targets.updateWeights(index, values, b * k));
        }
        await options.onBatch?.({ epoch, batch: batch + 1, batches: batchesPerEpoch, loss: batchLoss });
        await yieldToEventLoop();
        if (options.signal?.aborted) throw abortError();
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const valid = evaluate(network.model, data.valid, data.classes);
      const metrics: EpochMetrics = {
        epoch,
        trainLoss: lossSum / targets.size,
        valid,
        imagesPerSecond: targets.size / trainSeconds,
        seconds: (performance.now() - epochStart) / 1000,
        learningRate,
      };
      epochs.push(metrics);
      const better =
        !best ||
        valid.accuracy > best.metrics.valid.accuracy ||
        (valid.accuracy === best.metrics.valid.accuracy && valid.nll < best.metrics.valid.nll);
      if (better) {
        best?.weights.forEach((tensor) => tensor.dispose());
        best = { metrics, weights: network.model.getWeights().map((tensor) => tensor.clone()) };
      }
      log(
        `epoch ${epoch}/${settings.epochs}: loss ${metrics.trainLoss.toFixed(4)}, valid acc ${valid.accuracy.toFixed(4)} ` +
          `(${valid.images} img), kl ${valid.klToCrowd.toFixed(4)}, ${metrics.imagesPerSecond.toFixed(1)} img/s`,
      );
      await options.onEpoch?.(metrics);
      if (options.signal?.aborted) throw abortError();
    }
  } catch (error) {
    dispose();
    throw error;
  }
  // Restore the selected epoch's weights; the returned model owns them from here on.
  network.model.setWeights(best!.weights);
  best!.weights.forEach((tensor) => tensor.dispose());
  optimizer.dispose();
  return { model: network.model, epochs, best: best!.metrics, backend, durationMs: Date.now() - started };
}
