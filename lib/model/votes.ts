// FERPlus's label processing (microsoft/FERPlus `src/ferplus.py`, FERPlusReader._process_data;
// Barsoum et al. 2016, arXiv 1608.01041, sec. 3), generalised from FER+'s fixed 10 columns to any
// project: K emotion classes followed by the non-emotion answers (unknown, not_a_face). The one home of
// FERPlus processing; tests/oracles/ferplus.ts is the literal FER+ port that tests check it against.
import { argmax } from "../ambiguity/distribution";

import type { CandidateRule } from "./recipe-settings";

export type VoteMode = "majority" | "crossentropy";

/**
 * The processed distribution over the K emotions, or null when FERPlus drops the image.
 * Outlier removal: counts <= 1 become 0. majority: the top answer if it holds > 50% of the rest.
 * crossentropy (also "probability"): the top answers (ties together) until 75% of the votes or 3
 * answers, stopping at a non-emotion; kept if > 50% of the votes and <= 3 answers.
 * Dropped (null) when the result peaks on a non-emotion answer or keeps nothing.
 */
export function processVotes(
  emotionCounts: readonly number[],
  otherCounts: readonly number[],
  mode: VoteMode,
): number[] | null {
  const k = emotionCounts.length;
  const raw = [...emotionCounts, ...otherCounts].map((count) => (count < 1 + Number.EPSILON ? 0 : count));
  const sumList = raw.reduce((a, b) => a + b, 0);
  if (sumList <= 0) return null;
  const kept = new Array<number>(raw.length).fill(0);
  if (mode === "majority") {
    const top = argmax(raw);
    if (raw[top]! <= 0.5 * sumList) return null;
    kept[top] = raw[top]!;
  } else {
    let sumPart = 0;
    let count = 0;
    let validEmotion = true;
    while (sumPart < 0.75 * sumList && count < 3 && validEmotion) {
      const maxval = Math.max(...raw);
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] !== maxval) continue;
        kept[i] = maxval;
        raw[i] = 0;
        sumPart += maxval;
        count += 1;
        if (i >= k) {
          validEmotion = false;
          if (kept.reduce((a, b) => a + b, 0) > maxval) {
            kept[i] = 0;
            count -= 1;
          }
          break;
        }
      }
    }
    if (kept.reduce((a, b) => a + b, 0) <= 0.5 * sumList || count > 3) return null;
  }
  if (argmax(kept) >= k) return null;
  const emotions = kept.slice(0, k);
  const sum = emotions.reduce((a, b) => a + b, 0);
  return emotions.map((value) => value / sum);
}

/** Index of the FERPlus majority emotion of an image, or null when the protocol drops it. */
export function majorityClass(
  emotionCounts: readonly number[],
  otherCounts: readonly number[],
): number | null {
  const target = processVotes(emotionCounts, otherCounts, "majority");
  return target === null ? null : argmax(target);
}

/**
 * PLL candidate set (the seed paper's partial labels, Wang, Sebe & Lepri, arXiv 2209.15402, sec. 3):
 * the emotions with at least `minVotes` votes, or by `rule` (at least a share of the emotion votes, as
 * FERPlus's multi_target mode keeps answers with >= 30 %; or the top k voted); when none qualifies,
 * the top-voted emotion. Returned in class order.
 */
export function candidateSet(emotionCounts: readonly number[], rule: number | CandidateRule): number[] {
  const r: CandidateRule = typeof rule === "number" ? { kind: "minVotes", votes: rule } : rule;
  let candidates: number[];
  if (r.kind === "topK") {
    const ranked = emotionCounts
      .map((count, index) => ({ count, index }))
      .filter(({ count }) => count > 0)
      .sort((a, b) => b.count - a.count || a.index - b.index);
    candidates = ranked
      .slice(0, r.k)
      .map(({ index }) => index)
      .sort((a, b) => a - b);
  } else {
    const total = emotionCounts.reduce((sum, count) => sum + count, 0);
    const min = r.kind === "minVotes" ? r.votes : r.share * total;
    candidates = emotionCounts.flatMap((count, index) => (count > 0 && count >= min ? [index] : []));
  }
  return candidates.length > 0 ? candidates : [argmax(emotionCounts)];
}
