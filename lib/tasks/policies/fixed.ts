// The `fixed` selection policy (overlap to the target), the default of the registry (registry.ts).
import { levelCandidateRows } from "../sql/selection";
import type { SelectionContext, SelectionPolicy } from "./context";

/**
 * `fixed`: images below the target (counting live leases, so concurrent annotators never push an
 * image past it) that this annotator has not voted on, least-voted first, random among ties.
 * Randomness: a random start id within the lowest level, walked in id order. One statement per
 * level (almost always one in all), every step an index probe: see levelCandidates.
 */
export const fixedPolicy: SelectionPolicy = async (context) => {
  let fromLevel = 0;
  while (fromLevel < context.targetVotes) {
    const { level, ids } = await levelCandidates(context, fromLevel);
    if (ids.length > 0) return ids;
    if (level === null) return [];
    fromLevel = level + 1;
  }
  return [];
};

/**
 * Candidates at the lowest vote level at or above `fromLevel` (null when none is below the target).
 * Each bound is a row-comparison probe that matches images(project_id, vote_count, id) exactly:
 * written as min(id)/max(id) the planner walked the primary key and filtered out every other
 * project's rows (docs/vote-path.md). The anti-join's OFFSET 0 keeps it a per-row probe of
 * votes(image_id, annotator_id); pulled up into a hash anti-join it scanned that index by its
 * second column, i.e. the whole votes table.
 */
async function levelCandidates(
  context: SelectionContext,
  fromLevel: number,
): Promise<{ level: number | null; ids: number[] }> {
  const [row] = await levelCandidateRows(context, fromLevel);
  return { level: row?.level ?? null, ids: row?.ids ?? [] };
}
