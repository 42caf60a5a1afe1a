// Optimiser and learning-rate schedule.
import * as tf from "@tensorflow/tfjs";
import type { TrainSettings } from "./settings";

/**
 * Learning rate at batch `step` (from 0) of `total`: a linear warm-up over `warmupSteps` batches
 * (lr * (step + 1) / warmup), then over the remaining batches constant; cosine decay to 0 (Loshchilov &
 * Hutter, "SGDR", ICLR 2017, eq. 5 without restarts: lr * (1 + cos(pi * t / T)) / 2); or step decay x0.1
 * at 50% and 75%. `total` may be Infinity while a time budget is still measuring (the base rate then).
 * With SWA on (`swaStart` > 0) the schedule is squeezed into the first `swaStart` of the steps.
 */
export function learningRateAt(settings: TrainSettings, step: number, total: number): number {
  const base = settings.learningRate;
  const warmup = warmupOf(settings, total);
  if (step < warmup) return (base * (step + 1)) / warmup;
  let progress = scheduleProgress(settings, step, total);
  // SWA: the schedule runs over the first `swaStart` of the steps, cosine ending at the SWA rate rather
  // than zero, and the rate holds from there: SWA averages iterates taken at a constant (or cyclical)
  // rate after a decay to it (Izmailov et al. 2018, sec. 3.2); PyTorch's SWALR anneals by cosine too.
  let floor = 0;
  if (settings.swaStart > 0) {
    floor = base * settings.swaLearningRate;
    if (progress >= settings.swaStart) return floor;
    progress /= settings.swaStart;
  }
  if (settings.schedule === "cosine")
    return floor + ((base - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
  if (settings.schedule === "step") return base * (progress >= 0.75 ? 0.01 : progress >= 0.5 ? 0.1 : 1);
  return base;
}

function warmupOf(settings: TrainSettings, total: number): number {
  return Math.min(settings.warmupSteps, Math.max(0, total - 1));
}

/**
 * How far batch `step` of `total` is into the schedule after warm-up, 0 to 1 (0 during warm-up and while
 * a time budget is still measuring). The one measure both the rate above and SWA's averaging phase
 * (swa.ts) read, so the average starts exactly where the rate stops decaying.
 */
export function scheduleProgress(settings: TrainSettings, step: number, total: number): number {
  const warmup = warmupOf(settings, total);
  const span = total - warmup;
  return span > 0 && Number.isFinite(span) ? Math.max(0, (step - warmup) / span) : 0;
}

export type ScheduledOptimizer = { optimizer: tf.Optimizer; setLearningRate(rate: number): void };

/** Adam (Kingma & Ba 2015, default betas) or SGD with momentum, with a settable learning rate. */
export function createOptimizer(settings: TrainSettings): ScheduledOptimizer {
  if (settings.optimizer === "sgd") {
    const optimizer = tf.train.momentum(settings.learningRate, settings.momentum);
    return { optimizer, setLearningRate: (rate) => optimizer.setLearningRate(rate) };
  }
  const optimizer = tf.train.adam(settings.learningRate);
  // AdamOptimizer reads `learningRate` on every update; the field is protected in the typings only.
  const mutable = optimizer as unknown as { learningRate: number };
  return { optimizer, setLearningRate: (rate) => (mutable.learningRate = rate) };
}
