// Bootstrap confidence intervals over images for kappa and alpha, with a seeded generator so that a
// cached interval can be recomputed exactly.
import { seededRng } from "../random";
import { alphaFromTerms, alphaTerms, type CountMatrix } from "./agreement";

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  resamples: number;
}

/** The q-quantile of sorted values, linear interpolation between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? NaN;
  const b = sorted[upper] ?? NaN;
  return a + (b - a) * (position - lower);
}

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, "An Introduction to the Bootstrap", ch. 13):
 * resample the items with replacement `resamples` times, compute the statistic on each resample, and
 * take the (1 - level)/2 and (1 + level)/2 quantiles. Resamples whose statistic is undefined (NaN) are
 * left out.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: { resamples?: number; level?: number; seed?: number } = {},
): Interval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const random = seededRng(options.seed ?? 1);
  const estimates: number[] = [];
  const sample = new Array<T>(items.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(random() * items.length)]!;
    const value = statistic(sample);
    if (!Number.isNaN(value)) estimates.push(value);
  }
  estimates.sort((x, y) => x - y);
  return {
    estimate: statistic(items),
    low: quantile(estimates, (1 - level) / 2),
    high: quantile(estimates, (1 + level) / 2),
    level,
    resamples,
  };
}

/**
 * Resamples rows of per-image terms (K label values + 1 extra term each, flattened) and sums them:
 * one pass of additions per resample, so 32k images x 1000 resamples takes well under a second.
 */
function resampledSums(
  terms: Float64Array,
  width: number,
  statistic: (sums: Float64Array, rows: number) => number,
  options: { resamples?: number; level?: number; seed?: number },
): Interval {
  const rows = terms.length / width;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const random = seededRng(options.seed ?? 1);
  const sums = new Float64Array(width);
  const estimates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    sums.fill(0);
    for (let i = 0; i < rows; i++) {
      const offset = Math.floor(random() * rows) * width;
      for (let c = 0; c < width; c++) sums[c]! += terms[offset + c]!;
    }
    const value = statistic(sums, rows);
    if (!Number.isNaN(value)) estimates.push(value);
  }
  estimates.sort((x, y) => x - y);
  sums.fill(0);
  for (let i = 0; i < terms.length; i++) sums[i % width]! += terms[i]!;
  return {
    estimate: statistic(sums, rows),
    low: quantile(estimates, (1 - level) / 2),
    high: quantile(estimates, (1 + level) / 2),
    level,
    resamples,
  };
}

/** Bootstrap interval of nominal alpha over images (images with fewer than 2 votes carry no terms). */
export function alphaInterval(
  rows: CountMatrix,
  options: { resamples?: number; level?: number; seed?: number } = {},
) {
  const labelCount = rows[0]?.length ?? 0;
  const width = labelCount + 1;
  const pairable = rows.map(alphaTerms).filter((term) => term.values.some((v) => v > 0));
  const terms = new Float64Array(pairable.length * width);
  pairable.forEach((term, i) => {
    term.values.forEach((value, c) => (terms[i * width + c] = value));
    terms[i * width + labelCount] = term.agreeing;
  });
  return resampledSums(
    terms,
    width,
    (sums) => alphaFromTerms(Array.from(sums.subarray(0, labelCount)), sums[labelCount]!),
    options,
  );
}

/**
 * Bootstrap interval of Fleiss' kappa over images that all have the same vote total n: each row
 * contributes its counts and its P_i (Fleiss 1971), so a resample only sums them.
 */
export function kappaInterval(
  rows: CountMatrix,
  options: { resamples?: number; level?: number; seed?: number } = {},
) {
  const labelCount = rows[0]?.length ?? 0;
  const n = rows[0]?.reduce((a, b) => a + b, 0) ?? 0;
  const width = labelCount + 1;
  const terms = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    let squares = 0;
    row.forEach((count, c) => {
      terms[i * width + c] = count;
      squares += count * count;
    });
    terms[i * width + labelCount] = (squares - n) / (n * (n - 1));
  });
  return resampledSums(
    terms,
    width,
    (sums, count) => {
      if (count === 0 || n < 2) return NaN;
      let pE = 0;
      for (let c = 0; c < labelCount; c++) pE += (sums[c]! / (count * n)) ** 2;
      return (sums[labelCount]! / count - pE) / (1 - pE);
    },
    options,
  );
}
