// Data of the annotators page: cached profiles when fresh; otherwise the stale ones (with a refresh
// scheduled) or, the first time, computed on the spot.
import { projectTotals } from "../projects/queries";
import { computeAnnotatorStats, type AnnotatorStats } from "./annotator-stats";
import { scheduleStatsRefresh } from "./schedule";
import { readStat, writeStat, type CachedStat } from "./stats-cache";

export async function loadAnnotatorTable(
  projectId: number,
): Promise<CachedStat<AnnotatorStats> & { stale: boolean }> {
  const [totals, cached] = await Promise.all([
    projectTotals(projectId),
    readStat<AnnotatorStats>(projectId, "annotators"),
  ]);
  if (cached) {
    const stale = cached.voteCount !== totals.votes;
    if (stale) void scheduleStatsRefresh(projectId);
    return { ...cached, stale };
  }
  const data = await computeAnnotatorStats(projectId);
  const computedAt = await writeStat(projectId, "annotators", totals.votes, data);
  return { data, voteCount: totals.votes, computedAt, stale: false };
}
