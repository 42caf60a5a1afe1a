// The training loop: seeded shuffling, augmentation and dropout masks, one paradigm's targets, steps
// on one or more threads (parallel.ts), an optional wall-clock budget (budget.ts), per-epoch validation
// under the FERPlus protocol, best-epoch selection, and cooperative cancellation between batches.
import os from "node:os";
import type * as tf from "@tensorflow/tfjs";
import { mixSeed, seededRng, shuffleInPlace as shuffle } from "../random";
import { initBackend } from "./backend";
import { fillBatch } from "./batch";
import { BudgetFitter, ScheduleClock } from "./budget";
import { fillDropoutMask } from "./dropout";
import { createWeightAverager, withEvaluationWeights } from "./evaluation-weights";
import { prototypePrior } from "./feature-prior";
import { createStepRunner } from "./parallel";
import { ParadigmTargets } from "./paradigms";
import { evaluate } from "./predict";
import { cutoutBatch, mixBatch, smoothLabels } from "./regularize";
import { createReplica, disposeReplica } from "./replica";
import { learningRateAt, scheduleProgress } from "./schedule";
import { trainSettingsSchema, type TrainSettingsInput } from "./settings";
import { createStepBookkeeping } from "./step-bookkeeping";
import {
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
  /** Warm start: weights (getWeights order) of a model of the same size and classes to start from. */
  initialWeights?: ArrayLike<number>[];
  /**
   * pll: pretrained embeddings of every `data.train` image (feature-prior.ts); their prototype prior is
   * mixed into the initial candidate weights at `settings.featurePrior`, so the features act from epoch 1.
   */
  embeddings?: Float32Array[];
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
  // Starting threads takes seconds (each loads tfjs and compiles wasm): not for a cancelled run.
  if (options.signal?.aborted) throw abortError();
  const log = options.log ?? (() => {});
  const backend = await initBackend({ log });
  const k = data.classes.length;
  const targets = new ParadigmTargets(
    settings.paradigm,
    data.train,
    k,
    settings.candidateRule ?? settings.candidateMinVotes,
  );
  if (targets.size === 0) throw new Error("no training image has a usable emotion answer");
  if (options.embeddings && targets.candidates && settings.featurePrior > 0) {
    const embeddings = targets.rows.map((row) => options.embeddings![row]!);
    targets.mixPrior(prototypePrior(embeddings, targets.base, targets.candidates, k), settings.featurePrior);
    log(`pll: pretrained-feature prior mixed into the initial weights at ${settings.featurePrior}`);
  }
  const random = seededRng(settings.seed);
  // Masks draw from their own stream, so turning dropout on leaves shuffles and crops as they were.
  const maskRandom = seededRng(mixSeed(settings.seed, 0x0d0d));
  const mixRandom = seededRng(mixSeed(settings.seed, 0x313c));
  const cutRandom = seededRng(mixSeed(settings.seed, 0xc07));
  const batchSize = Math.min(settings.batchSize, targets.size);
  const threads = Math.min(settings.threads ?? os.availableParallelism(), batchSize);
  const replica = createReplica(k, settings, options.initialWeights);
  const runner = await createStepRunner(replica, settings, {
    threads,
    capacity: batchSize,
    classCount: k,
    backend,
  }).catch((error: unknown) => {
    disposeReplica(replica);
    throw error;
  });
  const { batch: arrays } = runner;
  const batchesPerEpoch = Math.ceil(targets.size / batchSize);
  const maxSteps = batchesPerEpoch * (settings.minutes ? 500 : settings.epochs);
  // With a budget the count is set after the probe and corrected every epoch (budget.ts).
  const clock = new ScheduleClock();
  if (!settings.minutes) clock.refit(0, maxSteps);
  const order = Array.from({ length: targets.size }, (_, i) => i);
  const average = createWeightAverager(settings);
  const bookkeeping = createStepBookkeeping(targets, replica.network, settings, batchSize);
  const { probabilities, features } = bookkeeping;
  const epochs: EpochMetrics[] = [];
  let best: { metrics: EpochMetrics; weights: tf.Tensor[] } | undefined;
  const dispose = () => best?.weights.forEach((tensor) => tensor.dispose());
  const budget = settings.minutes ? `${settings.minutes} min budget` : `${settings.epochs} epochs`;
  log(
    `training ${settings.paradigm}: ${targets.size} images, ${budget}, batch ${batchSize}, ${backend}, ${threads} thread(s)` +
      (options.initialWeights ? ", warm start" : ""),
  );
  const fitter = settings.minutes
    ? new BudgetFitter(
        {
          minutes: settings.minutes,
          batchesPerEpoch,
          batchSize,
          validImages: data.valid.imageIds.length,
          maxSteps,
        },
        clock,
        started,
      )
    : null;
  const describeCount = (total: number) => `${total} steps (${(total / batchesPerEpoch).toFixed(2)} epochs)`;
  let step = 0;
  try {
    for (let epoch = 1; step < clock.total; epoch++) {
      const epochStart = performance.now();
      shuffle(order, random);
      const q = targets.forEpoch(random);
      let lossSum = 0;
      let images = 0;
      let learningRate = settings.learningRate;
      for (let b = 0; b < batchesPerEpoch && step < clock.total; b++, step++) {
        const iterationStart = performance.now();
        const indices = order.slice(b * batchSize, (b + 1) * batchSize);
        const n = indices.length;
        const rows = indices.map((index) => targets.rows[index]!);
        const augmentation = settings.augment ? { padding: settings.cropPadding, random } : null;
        fillBatch(arrays.pixels, data.train.pixels, rows, augmentation);
        indices.forEach((index, i) => arrays.labels.set(q.subarray(index * k, (index + 1) * k), i * k));
        smoothLabels(arrays.labels, n, k, settings.labelSmoothing);
        cutoutBatch(arrays.pixels, n, settings.cutout, cutRandom);
        if (settings.mixup > 0) mixBatch(arrays.pixels, arrays.labels, n, k, settings.mixup, mixRandom);
        if (arrays.masks)
          fillDropoutMask(arrays.masks, n * replica.network.hiddenUnits, settings.dropout, maskRandom);
        arrays.n = n;
        const position = clock.position(step);
        learningRate = learningRateAt(settings, position, clock.length);
        const batchLoss = await runner.step(learningRate, probabilities, features);
        lossSum += batchLoss * n;
        images += n;
        const progress = scheduleProgress(settings, position, clock.length);
        average?.observe(replica.network.model, { progress, batch: b, batchesPerEpoch });
        bookkeeping.after(indices, epoch);
        await options.onBatch?.({ epoch, batch: b + 1, batches: batchesPerEpoch, loss: batchLoss });
        await yieldToEventLoop();
        if (options.signal?.aborted) throw abortError();
        const first = fitter?.afterStep(step, (performance.now() - iterationStart) / 1000);
        if (first) log(`budget: ${first.secondsPerStep.toFixed(3)} s/step -> ${describeCount(clock.total)}`);
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const validationStart = performance.now();
      const valid = withEvaluationWeights(replica, average, data.train, (model) =>
        evaluate(model, data.valid, data.classes),
      );
      const fit = fitter?.afterEpoch(epoch, step, (performance.now() - validationStart) / 1000);
      if (fit)
        log(
          `budget after epoch ${epoch}: ${fit.secondsPerStep.toFixed(3)} s/step, ` +
            `${fit.validationSeconds.toFixed(1)} s validation -> ${describeCount(clock.total)}`,
        );
      const metrics: EpochMetrics = {
        epoch,
        trainLoss: lossSum / images,
        valid,
        imagesPerSecond: images / trainSeconds,
        seconds: (performance.now() - epochStart) / 1000,
        learningRate,
      };
      epochs.push(metrics);
      const better =
        !best ||
        valid.accuracy > best.metrics.valid.accuracy ||
        (valid.accuracy === best.metrics.valid.accuracy && valid.nll < best.metrics.valid.nll);
      if (better) {
        dispose();
        best = {
          metrics,
          weights: withEvaluationWeights(replica, average, data.train, (model) =>
            model.getWeights().map((tensor) => tensor.clone()),
          ),
        };
      }
      log(
        `epoch ${epoch}: loss ${metrics.trainLoss.toFixed(4)}, valid acc ${valid.accuracy.toFixed(4)} ` +
          `(${valid.images} img), kl ${valid.klToCrowd.toFixed(4)}, ${metrics.imagesPerSecond.toFixed(1)} img/s`,
      );
      await options.onEpoch?.(metrics);
      if (options.signal?.aborted) throw abortError();
    }
  } catch (error) {
    dispose();
    await runner.close();
    disposeReplica(replica);
    throw error;
  }
  await runner.close();
  // Restore the selected epoch's weights; the returned model owns them from here on.
  replica.network.model.setWeights(best!.weights);
  dispose();
  replica.optimizer.optimizer.dispose();
  const epochsDone = +(step / batchesPerEpoch).toFixed(3);
  log(`trained ${step} steps = ${epochsDone} epochs in ${((Date.now() - started) / 60_000).toFixed(2)} min`);
  return {
    model: replica.network.model,
    epochs,
    best: best!.metrics,
    backend,
    durationMs: Date.now() - started,
    threads,
    steps: step,
    epochsDone,
    stepTimings: { ...runner.timings },
  };
}
