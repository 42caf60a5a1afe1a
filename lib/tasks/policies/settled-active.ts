// The "settled" and "active" selection policies (registry.ts): database reads that hand candidate
// images to the pure rankings in ranking.ts. Like `fixedPolicy`, they
// return candidates only; lib/tasks leases one and re-checks the target under a lock.
import { labelPriorFromTotals } from "../../ambiguity/dirichlet";
import { total as sum } from "../../ambiguity/distribution";
import { latestPublishedModel } from "../../model-store/versions";
import { activeSampleRows, countVectorGroups, settledCandidateRows } from "../sql/selection";
import type { SelectionContext, SelectionPolicy } from "./context";
import { rankImagesForAssignment, type AssignmentPolicy } from "./ranking";
import { retirementReason } from "./retirement";
import { policySettingsFor } from "./settings";

// "active" ranks a random sample of this many open images per request: exact greedy ranking of a
// 32k-image project on every task would cost a full read, and the sample also spreads concurrent
// annotators over different high-value images.
const ACTIVE_SAMPLE = 2000;

/** A PostgreSQL int[] literal as `counts::text` prints it, e.g. {1,0,2}. */
const arrayText = (counts: readonly number[]) => `{${counts.join(",")}}`;

/** Policy settings for the project, with the label prior from its current counts; and the distinct open count vectors. */
async function projectState(context: SelectionContext) {
  const groups = await countVectorGroups(context.projectId);
  const labelCount = groups[0]?.counts.length ?? 0;
  const totals = new Array<number>(labelCount).fill(0);
  for (const group of groups)
    group.counts.forEach((count, label) => (totals[label]! += count * group.images));
  const policy = policySettingsFor(context.settings, context.targetVotes, labelPriorFromTotals(totals));
  return { policy, vectors: groups.map((group) => group.counts) };
}

/**
 * `settled`: like `fixed` (fewest votes first, random among ties) but skipping images whose
 * distribution has settled (`retirementReason`). Retirement depends only on the count vector, so it
 * is decided once per distinct vector (a few hundred at FER+ scale) and excluded in SQL.
 */
export const settledPolicy: SelectionPolicy = async (context) => {
  const { policy, vectors } = await projectState(context);
  const retired = vectors
    .filter(
      (counts) => sum(counts) < context.targetVotes && retirementReason(counts, policy.retirement) !== null,
    )
    .map(arrayText);
  const rows = await settledCandidateRows(context, retired);
  // Only the lowest level, as `fixedPolicy` does: lib/tasks tries the candidates in random order.
  return rows.filter((row) => row.vote_count === rows[0]!.vote_count).map((row) => row.id);
};

/**
 * `active` (model-in-the-loop): a random sample of open images with the latest published model's
 * predictions, ranked by expected information gain with a share of random picks (`rankImagesForAssignment`).
 */
export const activePolicy: SelectionPolicy = async (context) => {
  const [{ policy }, model] = await Promise.all([
    projectState(context),
    latestPublishedModel(context.projectId),
  ]);
  const rows = await activeSampleRows(context, model?.id ?? null, ACTIVE_SAMPLE);
  // lib/tasks tries the returned candidates in random order, so the top `limit` are equals here.
  const ranked = rankImagesForAssignment("active" satisfies AssignmentPolicy, rows, policy, Math.random);
  return ranked.slice(0, context.limit);
};
