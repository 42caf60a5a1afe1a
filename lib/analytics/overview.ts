// Data of the project overview page. Reads the running totals and the project_stats cache; the
// counts summary is recomputed from images.counts only when new votes or images made it stale, and
// the expensive measures are left to the stats job (scheduled here when stale, shown with their age).
import type { CountSummary } from "../ambiguity/summary";
import { summarizeCounts } from "../ambiguity/summary";
import { projectTotals } from "../projects/queries";
import { loadCountRows } from "./counts";
import { computeModelPanels, latestPredictedModel, type ModelPanels } from "./model-panels";
import type { ReliabilityStats } from "./refresh";
import { scheduleStatsRefresh } from "./schedule";
import { readStats, writeStat, type CachedStat } from "./stats-cache";

export interface Overview {
  images: number;
  votes: number;
  summary: CachedStat<CountSummary>;
  /** Bootstrap intervals; null until the stats job has run once. */
  reliability: CachedStat<ReliabilityStats> | null;
  /** True when votes arrived after the intervals were computed (a refresh has been scheduled). */
  reliabilityStale: boolean;
  model: CachedStat<ModelPanels> | null;
}

/** Everything the overview shows, without reading the votes table. */
export async function loadOverview(projectId: number): Promise<Overview> {
  const [totals, model] = await Promise.all([projectTotals(projectId), latestPredictedModel(projectId)]);
  const kinds = ["summary", "reliability", ...(model ? [`model:${model.id}` as const] : [])] as const;
  const cached = await readStats(projectId, [...kinds]);

  let summary = cached.get("summary") as CachedStat<CountSummary> | undefined;
  if (!summary || summary.voteCount !== totals.votes || summary.data.images !== totals.images) {
    const { labels, rows } = await loadCountRows(projectId);
    const data = summarizeCounts(labels, rows);
    summary = {
      data,
      voteCount: totals.votes,
      computedAt: await writeStat(projectId, "summary", totals.votes, data),
    };
  }

  const reliability = (cached.get("reliability") as CachedStat<ReliabilityStats> | undefined) ?? null;
  const reliabilityStale = !reliability || reliability.voteCount !== totals.votes;
  // Fire and forget: the page never waits on the queue (a "short" queue keeps one pending refresh).
  if (reliabilityStale && totals.votes > 0) void scheduleStatsRefresh(projectId);

  let panels = model
    ? ((cached.get(`model:${model.id}`) as CachedStat<ModelPanels> | undefined) ?? null)
    : null;
  if (model && !panels) {
    // First view after a model's predictions landed: compute once, then it is cached.
    const data = await computeModelPanels(model.id);
    if (data) {
      const computedAt = await writeStat(projectId, `model:${model.id}`, totals.votes, data);
      panels = { data, voteCount: totals.votes, computedAt };
    }
  }
  return { ...totals, summary, reliability, reliabilityStale, model: panels };
}
