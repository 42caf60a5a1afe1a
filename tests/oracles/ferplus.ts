// FERPlus's own label processing, ported from microsoft/FERPlus `src/ferplus.py`
// (FERPlusReader._process_data, _process_target and load_folders; Barsoum et al. 2016,
// "Training Deep Networks for Facial Expression Recognition with Crowd-Sourced Label Distribution",
// arXiv:1608.01041, section 3), line by line, all four modes. A test oracle only: production uses
// lib/model/votes.ts (processVotes, majorityClass), the same rules generalised to any project's labels,
// and tests/unit/model/paradigms.test.ts checks it against this port on random FER+ rows.
// Input: the 10 FER+ counts in FERPLUS_LABELS order (8 emotions, unknown, not_a_face).

import { argmax } from "../../lib/ambiguity/distribution";

export type FerplusMode = "majority" | "probability" | "crossentropy" | "multi_target";

export const FERPLUS_MODES: readonly FerplusMode[] = [
  "majority",
  "probability",
  "crossentropy",
  "multi_target",
];

const UNKNOWN = 8;
const EMOTIONS = 8;

function unknownTarget(size: number): number[] {
  const target = new Array<number>(size).fill(0);
  target[size - 2] = 1;
  return target;
}

/**
 * FERPlus `_process_data`: the per-image label distribution over all 10 answers for `mode`.
 * Step 1 (all modes, "outlier removal"): counts of 1 (or less) become 0.
 * majority: the top label if it holds more than half of the remaining votes, else `unknown`.
 * probability / crossentropy: take the top labels (ties together) until 75% of the votes or 3 labels;
 *   stop at unknown / not_a_face; if half or less of the votes were taken, or more than 3 labels, `unknown`.
 * multi_target: every label with at least 30% of the votes; if half or less of the votes were taken, `unknown`.
 * The result is normalised to sum to 1 (a one-hot vector on `unknown` when the image is discarded).
 */
export function ferplusProcess(rawCounts: readonly number[], mode: FerplusMode): number[] {
  const size = rawCounts.length;
  // `emotion_raw[i] < 1.0 + sys.float_info.epsilon` -> 0: single votes are treated as outliers.
  const raw = rawCounts.map((count) => (count < 1 + Number.EPSILON ? 0 : count));
  const sumList = raw.reduce((a, b) => a + b, 0);
  let emotion = new Array<number>(size).fill(0);

  if (mode === "majority") {
    const maxval = Math.max(...raw);
    if (maxval > 0.5 * sumList) emotion[argmax(raw)] = maxval;
    else emotion = unknownTarget(size);
  } else if (mode === "probability" || mode === "crossentropy") {
    let sumPart = 0;
    let count = 0;
    let validEmotion = true;
    while (sumPart < 0.75 * sumList && count < 3 && validEmotion) {
      const maxval = Math.max(...raw);
      for (let i = 0; i < size; i++) {
        if (raw[i] !== maxval) continue;
        emotion[i] = maxval;
        raw[i] = 0;
        sumPart += maxval;
        count += 1;
        if (i >= UNKNOWN) {
          // unknown or not_a_face shares the top count: stop; drop it if emotions were taken before it.
          validEmotion = false;
          if (emotion.reduce((a, b) => a + b, 0) > maxval) {
            emotion[i] = 0;
            count -= 1;
          }
          break;
        }
      }
    }
    if (emotion.reduce((a, b) => a + b, 0) <= 0.5 * sumList || count > 3) emotion = unknownTarget(size);
  } else {
    const threshold = 0.3;
    for (let i = 0; i < size; i++) if ((raw[i] ?? 0) >= threshold * sumList) emotion[i] = raw[i] ?? 0;
    if (emotion.reduce((a, b) => a + b, 0) <= 0.5 * sumList) emotion = unknownTarget(size);
  }
  const sum = emotion.reduce((a, b) => a + b, 0);
  return emotion.map((value) => value / sum);
}

/**
 * FERPlus `load_folders` + `_process_target` (deterministic part): the 8-emotion training target of an
 * image, or null when FERPlus leaves the image out (its processed distribution peaks on unknown or
 * not_a_face). `probability` mode's per-batch sampling of one label is left to the trainer: the
 * distribution returned here is the one it samples from. multi_target marks every kept label with
 * (1 - 0.001) + 0.001, as FERPlus does.
 *
 * `literalUpstreamFilter`: FERPlus keeps an image when `argmax < emotion_count - 2`, and its train.py
 * passes emotion_count = 8, so the literal code also drops images whose top label is fear (6) or
 * contempt (7). Off by default (the evident intent is "not unknown / not_a_face"); on to reproduce
 * the upstream sets bit for bit.
 */
export function ferplusTarget(
  rawCounts: readonly number[],
  mode: FerplusMode,
  options: { literalUpstreamFilter?: boolean } = {},
): number[] | null {
  const processed = ferplusProcess(rawCounts, mode);
  const limit = options.literalUpstreamFilter ? EMOTIONS - 2 : EMOTIONS;
  if (argmax(processed) >= limit) return null;
  const emotions = processed.slice(0, EMOTIONS);
  const sum = emotions.reduce((a, b) => a + b, 0);
  const target = emotions.map((value) => value / sum);
  if (mode !== "multi_target") return target;
  const epsilon = 0.001;
  return target.map((value) => (1 - epsilon) * (value > 0 ? 1 : 0) + epsilon);
}
