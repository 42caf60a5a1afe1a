// Masked image modeling on unlabeled faces (SimMIM, Xie et al., CVPR 2022): every batch is augmented as for
// classification, a random share of its 8x8 patches is masked, and the encoder + light decoder learn to
// predict the masked pixels (L1 on masked pixels only). Pure compute: pixels in, an encoder model out.
// One thread: the data-parallel runner (parallel.ts) is built around the classifier's loss.
import * as tf from "@tensorflow/tfjs";
import { mixSeed, seededRng, shuffleInPlace as shuffle } from "../random";
import { initBackend } from "./backend";
import { fillBatch } from "./batch";
import { applyMask, drawPatchMask, pixelMask } from "./pretrain-mask";
import {
  buildMimNetwork,
  maskedL1,
  normalizePatches,
  reconstruct,
  type MimNetwork,
} from "./pretrain-network";
import { pretrainSettingsSchema, type PretrainSettingsInput } from "./pretrain-settings";
import { IMAGE_SIZE, PIXELS_PER_IMAGE, type TrainLog } from "./types";

/** One point of the loss curve: mean masked L1 over the steps since the previous point. */
export type LossPoint = { step: number; epoch: number; loss: number; seconds: number };

/** A few faces as the model sees them: original, masked input, and the masked input with its patches predicted. */
export type ReconstructionSamples = {
  count: number;
  original: Float32Array;
  masked: Float32Array;
  reconstruction: Float32Array;
};

export type PretrainResult = {
  /** Pixels -> 6x6 feature map: the classifier's conv trunk, pretrained. */
  encoder: tf.LayersModel;
  lossCurve: LossPoint[];
  faces: number;
  steps: number;
  epochsDone: number;
  backend: string;
  durationMs: number;
  samples: ReconstructionSamples;
};

export type PretrainOptions = {
  signal?: AbortSignal;
  log?: TrainLog;
  /** After every loss-curve point (4 per epoch): for live progress. */
  onProgress?: (point: LossPoint, curve: LossPoint[]) => Promise<void> | void;
  /** Faces shown in the samples (the first ones of `pixels`). */
  sampleCount?: number;
};

const POINTS_PER_EPOCH = 4;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Pretrains an encoder on `pixels` (n x 48 x 48 in [0, 1]); labels are never involved. */
export async function pretrain(
  pixels: Float32Array,
  settingsInput: PretrainSettingsInput,
  options: PretrainOptions = {},
): Promise<PretrainResult> {
  const started = Date.now();
  const settings = pretrainSettingsSchema.parse(settingsInput);
  const faces = Math.floor(pixels.length / PIXELS_PER_IMAGE);
  if (faces === 0) throw new Error("no faces to pretrain on");
  const log = options.log ?? (() => {});
  const backend = await initBackend({ log });
  const random = seededRng(settings.seed);
  const maskRandom = seededRng(mixSeed(settings.seed, 0x5133));
  const batchSize = Math.min(settings.batchSize, faces);
  const batchesPerEpoch = Math.ceil(faces / batchSize);
  const maxEpochs = settings.minutes ? 100_000 : settings.epochs;
  const deadline = settings.minutes ? started + settings.minutes * 60_000 : Infinity;
  const pointEvery = Math.max(1, Math.ceil(batchesPerEpoch / POINTS_PER_EPOCH));
  const network = buildMimNetwork(settings.modelSize, settings.seed, settings.inputNorm);
  const optimizer = tf.train.adam(settings.learningRate);
  const batch = new Float32Array(batchSize * PIXELS_PER_IMAGE);
  const input = new Float32Array(batchSize * PIXELS_PER_IMAGE);
  const order = Array.from({ length: faces }, (_, i) => i);
  const lossCurve: LossPoint[] = [];
  log(
    `pretraining (SimMIM): ${faces} faces, mask ratio ${settings.maskRatio}, input scaling ${settings.inputNorm}, ` +
      `${settings.minutes ? `${settings.minutes} min budget` : `${settings.epochs} epochs`}, batch ${batchSize}, ${backend}`,
  );
  let step = 0;
  let windowLoss = 0;
  let windowSteps = 0;
  try {
    outer: for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      shuffle(order, random);
      for (let b = 0; b < batchesPerEpoch; b++) {
        const rows = order.slice(b * batchSize, (b + 1) * batchSize);
        const n = rows.length;
        fillBatch(batch, pixels, rows, settings.augment ? { padding: 4, random } : null);
        const mask = pixelMask(drawPatchMask(n, settings.maskRatio, maskRandom), n);
        applyMask(batch, mask, input, n);
        const loss = trainStep(network, optimizer, batch, input, mask, n, settings.normalizeTarget);
        step++;
        windowLoss += loss;
        windowSteps++;
        const last = Date.now() >= deadline || (epoch === maxEpochs && b === batchesPerEpoch - 1);
        if (step % pointEvery === 0 || last) {
          const point = {
            step,
            epoch: +(step / batchesPerEpoch).toFixed(3),
            loss: windowLoss / windowSteps,
            seconds: (Date.now() - started) / 1000,
          };
          lossCurve.push(point);
          [windowLoss, windowSteps] = [0, 0];
          log(`pretrain step ${step} (epoch ${point.epoch}): masked L1 ${point.loss.toFixed(4)}`);
          await options.onProgress?.(point, lossCurve);
        }
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
        if (last) break outer;
      }
    }
    const samples = reconstructionSamples(
      network,
      pixels,
      options.sampleCount ?? 4,
      settings.maskRatio,
      settings.seed,
      settings.normalizeTarget,
    );
    network.decoder.dispose();
    return {
      encoder: network.encoder,
      lossCurve,
      faces,
      steps: step,
      epochsDone: +(step / batchesPerEpoch).toFixed(3),
      backend,
      durationMs: Date.now() - started,
      samples,
    };
  } catch (error) {
    network.encoder.dispose();
    network.decoder.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}

/** One Adam step on the masked L1 loss; returns the batch loss. */
function trainStep(
  network: MimNetwork,
  optimizer: tf.Optimizer,
  target: Float32Array,
  input: Float32Array,
  mask: Float32Array,
  n: number,
  normalizeTarget: boolean,
): number {
  const size = n * PIXELS_PER_IMAGE;
  const value = optimizer.minimize(
    () => {
      const x = tf.tensor4d(input.subarray(0, size), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const prediction = reconstruct(network, x, true);
      const pixels = tf.tensor3d(target.subarray(0, size), [n, IMAGE_SIZE, IMAGE_SIZE]);
      const y = normalizeTarget ? normalizePatches(pixels) : pixels;
      return maskedL1(prediction, y, tf.tensor3d(mask.subarray(0, size), [n, IMAGE_SIZE, IMAGE_SIZE]));
    },
    true,
    network.variables,
  )!;
  const loss = value.dataSync()[0]!;
  value.dispose();
  return loss;
}

/** Masks the first `count` faces with a fixed seed and fills the masked patches with the decoder's prediction. */
export function reconstructionSamples(
  network: MimNetwork,
  pixels: Float32Array,
  count: number,
  maskRatio: number,
  seed: number,
  normalizeTarget = false,
): ReconstructionSamples {
  const n = Math.min(count, Math.floor(pixels.length / PIXELS_PER_IMAGE));
  const original = pixels.slice(0, n * PIXELS_PER_IMAGE);
  const mask = pixelMask(drawPatchMask(n, maskRatio, seededRng(mixSeed(seed, 0x5a3e))), n);
  const masked = new Float32Array(n * PIXELS_PER_IMAGE);
  applyMask(original, mask, masked, n);
  // Normalised predictions are shown in the original patch's grey level and contrast, as MAE's figures are.
  const predicted = tf.tidy(() => {
    const out = reconstruct(network, tf.tensor4d(masked, [n, IMAGE_SIZE, IMAGE_SIZE, 1]), false);
    const reference = tf.tensor3d(original, [n, IMAGE_SIZE, IMAGE_SIZE]);
    return (normalizeTarget ? normalizePatches(out, reference) : out).dataSync();
  });
  const reconstruction = new Float32Array(n * PIXELS_PER_IMAGE);
  for (let i = 0; i < reconstruction.length; i++)
    reconstruction[i] = mask[i] === 1 ? Math.min(1, Math.max(0, predicted[i]!)) : original[i]!;
  return { count: n, original, masked, reconstruction };
}
