// The project summary (what `chorus stats` prints and the overview shows), from running counts only.
import { summarizeCounts, type CountSummary } from "../ambiguity/summary";
import type { Split } from "../generated/prisma/client";
import { NON_EMOTION_LABELS } from "../projects/labels";
import { loadCountRows } from "./counts";

export interface SummaryOptions {
  split?: Split;
  /** Drop `unknown` and `not_a_face` votes (NON_EMOTION_LABELS) before computing. */
  emotionsOnly?: boolean;
}

/** Indices of the project's labels that --emotions-only drops. */
export function nonEmotionIndices(labels: readonly string[]): number[] {
  return labels.flatMap((label, index) => (NON_EMOTION_LABELS.includes(label) ? [index] : []));
}

/** Summary of one project (optionally one split, optionally emotions only). */
export async function computeProjectSummary(
  projectId: number,
  options: SummaryOptions = {},
): Promise<CountSummary> {
  const { labels, rows } = await loadCountRows(projectId, { split: options.split });
  return summarizeCounts(labels, rows, {
    dropIndices: options.emotionsOnly ? nonEmotionIndices(labels) : [],
  });
}
