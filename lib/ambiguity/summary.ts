// The project summary computed from per-image counts alone: what the CLI prints and the overview shows.
import {
  confusionMatrix,
  fleissKappa,
  krippendorffAlpha,
  perClassAgreement,
  randolphKappa,
  rowsWithModalCount,
} from "./agreement";
import type { CountMatrix } from "./agreement";
import { entropy, majority, normalizedEntropy, toDistribution, total } from "./distribution";
import { histogram, type HistogramBin } from "./histogram";

export interface CountSummary {
  labels: string[];
  images: number;
  votes: number;
  /** Nominal alpha over every image with 2+ votes (Krippendorff 2011); null when undefined. */
  krippendorffAlpha: number | null;
  /** Fleiss' kappa over the images whose vote count is the most common one; null when undefined. */
  fleissKappa: number | null;
  randolphKappa: number | null;
  /** The vote count per image Fleiss' kappa used, and how many images had it. */
  fleissVotesPerImage: number;
  fleissImages: number;
  /** Mean over images (with votes) of the entropy in nats of the vote distribution over the labels. */
  meanEntropy: number;
  meanNormalizedEntropy: number;
  /** o_cc / n_c per label; null for labels without pairable votes. */
  perClassAgreement: Record<string, number | null>;
  /** confusion[c][k]: share of the other votes on a face that say k, given one vote says c. */
  confusion: number[][];
  /** Images whose majority (ties: first label in order) is each label. */
  majorityCounts: Record<string, number>;
  /** Sum over images of each label's share of the image's votes ("soft" label mass). */
  softMass: Record<string, number>;
  votesPerImage: { votes: number; images: number }[];
  entropyHistogram: HistogramBin[];
}

function byLabel(labels: readonly string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(labels.map((label, index) => [label, values[index] ?? 0]));
}

/** NaN / Infinity (undefined measures) as null, which JSON can carry. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Summary of a project from its count rows. `dropIndices` removes labels (e.g. unknown, not_a_face)
 * before anything is computed: their votes are dropped and the labels leave the label set.
 */
export function summarizeCounts(
  labels: readonly string[],
  rows: CountMatrix,
  options: { dropIndices?: readonly number[]; entropyBins?: number } = {},
): CountSummary {
  const drop = options.dropIndices ?? [];
  const kept = labels.flatMap((label, index) => (drop.includes(index) ? [] : [label]));
  const keptIndices = labels.flatMap((_, index) => (drop.includes(index) ? [] : [index]));
  const matrix = drop.length ? rows.map((row) => keptIndices.map((index) => row[index] ?? 0)) : rows;

  let votes = 0;
  let entropySum = 0;
  let normalizedSum = 0;
  let voted = 0;
  const entropies: number[] = [];
  const majorityCounts = new Array<number>(kept.length).fill(0);
  const softMass = new Array<number>(kept.length).fill(0);
  const perImage = new Map<number, number>();
  for (const row of matrix) {
    const n = total(row);
    votes += n;
    perImage.set(n, (perImage.get(n) ?? 0) + 1);
    if (n === 0) continue;
    voted += 1;
    const h = entropy(row);
    entropies.push(h);
    entropySum += h;
    normalizedSum += normalizedEntropy(row, kept.length);
    const top = majority(row);
    if (top !== null) majorityCounts[top]! += 1;
    toDistribution(row).forEach((p, index) => (softMass[index]! += p));
  }
  const modal = rowsWithModalCount(matrix);
  return {
    labels: kept,
    images: rows.length,
    votes,
    krippendorffAlpha: finiteOrNull(krippendorffAlpha(matrix)),
    fleissKappa: modal.rows.length ? finiteOrNull(fleissKappa(modal.rows)) : null,
    randolphKappa: modal.rows.length ? finiteOrNull(randolphKappa(modal.rows)) : null,
    fleissVotesPerImage: modal.votesPerImage,
    fleissImages: modal.rows.length,
    meanEntropy: voted ? entropySum / voted : 0,
    meanNormalizedEntropy: voted ? normalizedSum / voted : 0,
    perClassAgreement: Object.fromEntries(
      perClassAgreement(matrix).map((value, index) => [kept[index]!, finiteOrNull(value)]),
    ),
    confusion: confusionMatrix(matrix),
    majorityCounts: byLabel(kept, majorityCounts),
    softMass: byLabel(kept, softMass),
    votesPerImage: [...perImage.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([n, images]) => ({ votes: n, images })),
    entropyHistogram: histogram(entropies, {
      min: 0,
      max: Math.log(Math.max(2, kept.length)),
      bins: options.entropyBins ?? 20,
    }),
  };
}
