// Distributional gold: an annotator is scored by how likely their answers are under the reference
// distributions of gold images, not by agreement with a single "right" label. Faces have none.
import { mixWithUniform, normalize } from "./distribution";

/** One answer of an annotator on a gold image, with the image's reference distribution or counts. */
export interface GoldAnswer {
  label: number;
  reference: readonly number[];
  /** When the answer was given (ms since epoch); orders the trend. */
  at?: number;
}

export interface GoldScore {
  /** Gold answers scored. */
  answers: number;
  /** Mean log-likelihood of the answers under the smoothed references (nats, <= 0). */
  score: number;
  /** Expected score of an annotator answering uniformly at random, on the same gold images. */
  random: number;
  /** Expected score of a perfectly calibrated annotator, whose answers are drawn from the reference. */
  calibrated: number;
  /**
   * (score - random) / (calibrated - random): 0 for a random annotator, 1 for a calibrated one. It
   * can exceed 1: always answering the most likely label scores higher than sampling from the
   * reference, because log-likelihood rewards the mode. Null when calibrated = random (all-uniform gold).
   */
  skill: number | null;
}

/**
 * Scores gold answers. Each reference p (counts or probabilities) is first smoothed to
 * p~ = (1 - e) p + e / K with e = `smoothing` (mixture with the uniform distribution), so that an
 * answer nobody on the reference panel gave costs ln(e / K) instead of minus infinity.
 *
 * Over the n answers a_i on gold images with smoothed references p~_i:
 *   score      = (1/n) sum_i ln p~_i[a_i]                       (mean log-likelihood)
 *   random     = (1/n) sum_i (1/K) sum_k ln p~_i[k]             (E[ln p~_i[a]] with a ~ Uniform(K))
 *   calibrated = (1/n) sum_i sum_k p_i[k] ln p~_i[k]            (E[ln p~_i[a]] with a ~ p_i; = -H(p_i) when e = 0)
 * The baselines are the expectations of the same score under the two answer models (Gneiting &
 * Raftery 2007, JASA 102(477), section 2: the logarithmic score), taken over the same images.
 */
export function scoreGoldAnswers(answers: readonly GoldAnswer[], smoothing: number): GoldScore | null {
  if (!(smoothing > 0 && smoothing <= 1)) throw new RangeError("gold smoothing must be in (0, 1]");
  if (answers.length === 0) return null;
  let score = 0;
  let random = 0;
  let calibrated = 0;
  for (const answer of answers) {
    const reference = normalize(answer.reference);
    const k = reference.length;
    if (!Number.isInteger(answer.label) || answer.label < 0 || answer.label >= k) {
      throw new RangeError(`gold answer label ${answer.label} is outside the reference's ${k} labels`);
    }
    const smoothed = mixWithUniform(reference, smoothing);
    const logs = smoothed.map((p) => Math.log(p));
    score += logs[answer.label]!;
    random += logs.reduce((total, value) => total + value, 0) / k;
    calibrated += reference.reduce((total, p, label) => total + p * logs[label]!, 0);
  }
  const n = answers.length;
  const result = { answers: n, score: score / n, random: random / n, calibrated: calibrated / n };
  const span = result.calibrated - result.random;
  return { ...result, skill: Math.abs(span) < 1e-12 ? null : (result.score - result.random) / span };
}

/** A point of the gold-score trend: the score over the `window` answers ending at `at`. */
export interface GoldTrendPoint extends GoldScore {
  at: number | null;
  /** Index (0-based) of the last answer in the window. */
  index: number;
}

/**
 * Rolling gold score: for each answer in time order (at least `window` of them, or all answers
 * when fewer), the score of the last `window` answers. Shows whether an annotator drifts.
 */
export function goldScoreTrend(
  answers: readonly GoldAnswer[],
  smoothing: number,
  window: number,
): GoldTrendPoint[] {
  if (!(Number.isInteger(window) && window >= 1))
    throw new RangeError("gold trend window must be a positive integer");
  const ordered = [...answers].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  const points: GoldTrendPoint[] = [];
  const first = Math.min(window, ordered.length) - 1;
  for (let end = Math.max(first, 0); end < ordered.length; end++) {
    const slice = ordered.slice(Math.max(0, end - window + 1), end + 1);
    const score = scoreGoldAnswers(slice, smoothing);
    if (score) points.push({ ...score, at: ordered[end]!.at ?? null, index: end });
  }
  return points;
}
