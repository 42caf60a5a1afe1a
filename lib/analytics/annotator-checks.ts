// Checks on one annotator's history: answers faster than a floor, straight-lining, low gold score
// and low self-agreement on hidden repeats. Pure: callers load the history from the database.
import { scoreGoldAnswers, type GoldAnswer, type GoldScore } from "../ambiguity/gold-score";
import type { ProjectSettings } from "../projects/settings";
import type { RepeatPair } from "../tasks/policies/repeats";

/** One vote of the annotator, in any order (sorted by `at` here). */
export interface AnnotatorAnswer {
  label: number;
  durationMs: number | null;
  at: number;
}

export interface AnnotatorCheckSettings {
  minAnswerMs: number;
  maxFastShare: number;
  straightLineRun: number;
  goldSmoothing: number;
  minGoldSkill: number;
  minGoldAnswers: number;
  minSelfAgreement: number;
  minRepeats: number;
}

export type AnnotatorFlag = "too_fast" | "straight_lining" | "low_gold_score" | "low_self_agreement";

export interface SelfAgreement {
  repeats: number;
  /** Share of repeats answered with the same label both times. */
  agreement: number;
  /** Agreement expected by chance from the annotator's own label shares: sum_k q_k^2. */
  chance: number;
}

export interface AnnotatorReport {
  answers: number;
  fastAnswers: number;
  fastShare: number;
  longestRun: number;
  longestRunLabel: number | null;
  gold: GoldScore | null;
  selfAgreement: SelfAgreement | null;
  flags: AnnotatorFlag[];
}

// Fewer answers than this say too little about speed to flag anyone.
const MIN_ANSWERS_FOR_SPEED_FLAG = 10;

/** The longest run of identical consecutive labels, and its label (null for no answers). */
export function longestLabelRun(labels: readonly number[]): { length: number; label: number | null } {
  let best = { length: 0, label: null as number | null };
  let run = 0;
  for (let i = 0; i < labels.length; i++) {
    run = i > 0 && labels[i] === labels[i - 1] ? run + 1 : 1;
    if (run > best.length) best = { length: run, label: labels[i]! };
  }
  return best;
}

/**
 * Self-agreement on hidden repeats, with the chance level of an annotator who answers independently
 * with their overall label shares q (the expected agreement of Scott's pi, Scott 1955).
 */
export function selfAgreement(
  pairs: readonly RepeatPair[],
  labelShares: readonly number[],
): SelfAgreement | null {
  if (pairs.length === 0) return null;
  const same = pairs.filter((pair) => pair.first === pair.second).length;
  const chance = labelShares.reduce((total, q) => total + q * q, 0);
  return { repeats: pairs.length, agreement: same / pairs.length, chance };
}

/** Checks an annotator's answers, gold answers and repeats against the project's thresholds. */
export function checkAnnotator(
  history: {
    answers: readonly AnnotatorAnswer[];
    gold: readonly GoldAnswer[];
    repeats: readonly RepeatPair[];
    labelCount: number;
  },
  settings: AnnotatorCheckSettings,
): AnnotatorReport {
  const ordered = [...history.answers].sort((a, b) => a.at - b.at);
  const timed = ordered.filter((answer) => answer.durationMs !== null);
  const fastAnswers = timed.filter((answer) => answer.durationMs! < settings.minAnswerMs).length;
  const fastShare = timed.length ? fastAnswers / timed.length : 0;
  const run = longestLabelRun(ordered.map((answer) => answer.label));
  const gold = scoreGoldAnswers(history.gold, settings.goldSmoothing);
  const shares = new Array<number>(history.labelCount).fill(0);
  for (const answer of ordered) if (answer.label < shares.length) shares[answer.label]! += 1 / ordered.length;
  const agreement = selfAgreement(history.repeats, shares);

  const flags: AnnotatorFlag[] = [];
  if (timed.length >= MIN_ANSWERS_FOR_SPEED_FLAG && fastShare > settings.maxFastShare) flags.push("too_fast");
  if (run.length >= settings.straightLineRun) flags.push("straight_lining");
  if (
    gold &&
    gold.answers >= settings.minGoldAnswers &&
    gold.skill !== null &&
    gold.skill < settings.minGoldSkill
  ) {
    flags.push("low_gold_score");
  }
  if (
    agreement &&
    agreement.repeats >= settings.minRepeats &&
    agreement.agreement < settings.minSelfAgreement
  ) {
    flags.push("low_self_agreement");
  }
  return {
    answers: ordered.length,
    fastAnswers,
    fastShare,
    longestRun: run.length,
    longestRunLabel: run.label,
    gold,
    selfAgreement: agreement,
    flags,
  };
}

/** Annotator-check thresholds of a project. */
export function annotatorCheckSettingsFor(settings: ProjectSettings): AnnotatorCheckSettings {
  return {
    minAnswerMs: settings.minAnswerMs,
    maxFastShare: settings.maxFastShare,
    straightLineRun: settings.straightLineRun,
    goldSmoothing: settings.goldSmoothing,
    minGoldSkill: settings.minGoldSkill,
    minGoldAnswers: settings.minGoldAnswers,
    minSelfAgreement: settings.minSelfAgreement,
    minRepeats: settings.minRepeats,
  };
}
