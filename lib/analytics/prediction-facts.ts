// Gallery facts: per prediction of the latest model, its top label, confidence and divergence from
// the crowd, written to the predictions table so the gallery sorts and filters in SQL (indexed) while
// the divergence keeps its one definition in TypeScript. Stamped with the vote count they were
// computed at; a reader with newer votes recomputes them (one pass, one UPDATE per 5,000 rows).
import { coveredLabels, crowdModelPoints, loadPredictionRows } from "./crowd-model";
import { predictionsWithoutFacts, updatePredictionFacts } from "./sql/predictions";
import { readStat, writeStat } from "./stats-cache";

const FACTS_BATCH = 5000;

/** Recomputes the facts of every prediction of `modelId` (whose project has `labelCount` labels). */
export async function writePredictionFacts(modelId: number, labelCount: number): Promise<number> {
  const rows = await loadPredictionRows(modelId, false);
  // Covered labels are judged on images with votes, as the overview panels do.
  const voted = rows.filter((row) => row.counts.some((count) => count > 0));
  const covered = coveredLabels(labelCount, voted.length > 0 ? voted : rows);
  const points = crowdModelPoints(rows, covered);
  for (let start = 0; start < points.length; start += FACTS_BATCH) {
    const batch = points.slice(start, start + FACTS_BATCH);
    await updatePredictionFacts(modelId, {
      imageIds: batch.map((point) => point.imageId),
      topLabels: batch.map((point) => covered[point.modelTop] ?? null),
      confidences: batch.map((point) => point.model[point.modelTop] ?? 0),
      divergences: batch.map((point) => point.divergence),
    });
  }
  return points.length;
}

/**
 * While annotators vote, the facts are recomputed at most this often (one pass costs about a second
 * at 32k images); in between the gallery shows them with the vote count they were computed at.
 */
export const FACTS_MAX_AGE_MS = 60_000;

/** Makes the facts of `modelId` current for `votes` votes (within FACTS_MAX_AGE_MS); returns their stamp. */
export async function ensurePredictionFacts(
  projectId: number,
  modelId: number,
  labelCount: number,
  votes: number,
): Promise<{ voteCount: number; computedAt: Date }> {
  const stamp = await readStat<{ images: number }>(projectId, `facts:${modelId}`);
  // A rerun of the predict job writes rows without facts (confidence null) at the same vote count.
  const [unset] = await predictionsWithoutFacts(modelId);
  const recent = stamp !== null && Date.now() - stamp.computedAt.getTime() < FACTS_MAX_AGE_MS;
  if (stamp && !unset?.unset && (stamp.voteCount === votes || recent)) {
    return { voteCount: stamp.voteCount, computedAt: stamp.computedAt };
  }
  const images = await writePredictionFacts(modelId, labelCount);
  return { voteCount: votes, computedAt: await writeStat(projectId, `facts:${modelId}`, votes, { images }) };
}
