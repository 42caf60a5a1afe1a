// Batch-level regularisers of the recipe (recipe-settings.ts), on the plain batch arrays the training
// loop fills before a step, each drawing from its own seeded stream so that turning one on leaves the
// shuffles, crops and masks of the others as they were.
import type { Rng } from "../random";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

/** Label smoothing in place on n rows of K: q <- (1 - eps) q + eps / K. */
export function smoothLabels(labels: Float32Array, n: number, k: number, epsilon: number): void {
  if (epsilon <= 0) return;
  for (let i = 0; i < n * k; i++) labels[i] = (1 - epsilon) * labels[i]! + epsilon / k;
}

/** A standard normal draw (Box-Muller). */
function normal(random: Rng): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) (Marsaglia & Tsang 2000; shape < 1 via the u^(1/shape) boost). */
export function gammaSample(shape: number, random: Rng): number {
  if (shape < 1) return gammaSample(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(alpha, alpha) as X / (X + Y) with X, Y ~ Gamma(alpha). */
export function betaSample(alpha: number, random: Rng): number {
  const x = gammaSample(alpha, random);
  const y = gammaSample(alpha, random);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/**
 * Mixup (Zhang et al., ICLR 2018) in place: image i becomes lambda x_i + (1 - lambda) x_pi(i) and its
 * target likewise, one lambda ~ Beta(alpha, alpha) per batch and pi a uniform permutation of the batch.
 * Returns lambda and pi (for tests).
 */
export function mixBatch(
  pixels: Float32Array,
  labels: Float32Array,
  n: number,
  k: number,
  alpha: number,
  random: Rng,
): { lambda: number; permutation: number[] } {
  const lambda = betaSample(alpha, random);
  const permutation = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [permutation[i], permutation[j]] = [permutation[j]!, permutation[i]!];
  }
  const x = pixels.slice(0, n * PIXELS_PER_IMAGE);
  const y = labels.slice(0, n * k);
  for (let i = 0; i < n; i++) {
    const j = permutation[i]!;
    for (let p = 0; p < PIXELS_PER_IMAGE; p++)
      pixels[i * PIXELS_PER_IMAGE + p] =
        lambda * x[i * PIXELS_PER_IMAGE + p]! + (1 - lambda) * x[j * PIXELS_PER_IMAGE + p]!;
    for (let c = 0; c < k; c++) labels[i * k + c] = lambda * y[i * k + c]! + (1 - lambda) * y[j * k + c]!;
  }
  return { lambda, permutation };
}

/**
 * Cutout (DeVries & Taylor 2017) in place: per image, a size x size square centred on a uniform pixel
 * (clipped at the border) set to 0.5, mid-grey, which the model's input scaling maps to 0.
 */
export function cutoutBatch(pixels: Float32Array, n: number, size: number, random: Rng): void {
  if (size <= 0) return;
  for (let i = 0; i < n; i++) {
    const cy = Math.floor(random() * IMAGE_SIZE);
    const cx = Math.floor(random() * IMAGE_SIZE);
    const top = Math.max(0, cy - Math.floor(size / 2));
    const left = Math.max(0, cx - Math.floor(size / 2));
    const bottom = Math.min(IMAGE_SIZE, cy - Math.floor(size / 2) + size);
    const right = Math.min(IMAGE_SIZE, cx - Math.floor(size / 2) + size);
    for (let y = top; y < bottom; y++)
      pixels.fill(
        0.5,
        i * PIXELS_PER_IMAGE + y * IMAGE_SIZE + left,
        i * PIXELS_PER_IMAGE + y * IMAGE_SIZE + right,
      );
  }
}
