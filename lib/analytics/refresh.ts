// Recomputes every cached statistic of a project: the counts summary, bootstrap intervals for alpha
// and kappa, annotator profiles + Dawid-Skene, and the latest model's panels. The stats job calls
// this; the CLI and tests may call it directly. Safe to run twice (each result is an upsert).
import { rowsWithModalCount } from "../ambiguity/agreement";
import { alphaInterval, kappaInterval, type Interval } from "../ambiguity/bootstrap";
import { summarizeCounts } from "../ambiguity/summary";
import { computeAnnotatorStats } from "./annotator-stats";
import { loadCountRows, projectTotals } from "./counts";
import { computeModelPanels, latestPredictedModel } from "./model-panels";
import { ensurePredictionFacts } from "./prediction-facts";
import { nonEmotionIndices } from "./project-summary";
import { writeStat } from "./stats-cache";

export interface ReliabilityIntervals {
  alpha: Interval;
  kappa: Interval & { votesPerImage: number; images: number };
}

export interface ReliabilityStats {
  all: ReliabilityIntervals;
  emotionsOnly: ReliabilityIntervals;
  resamples: number;
  seed: number;
}

export interface RefreshOptions {
  /** Bootstrap resamples (default 1000) and seed (default 1): the same seed gives the same interval. */
  resamples?: number;
  seed?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

function intervals(rows: number[][], options: { resamples: number; seed: number }): ReliabilityIntervals {
  const modal = rowsWithModalCount(rows);
  const kappa = kappaInterval(modal.rows, options);
  return {
    alpha: alphaInterval(rows, options),
    kappa: { ...kappa, votesPerImage: modal.votesPerImage, images: modal.rows.length },
  };
}

/** Recomputes and caches the project's statistics; returns the vote count they were stamped with. */
export async function refreshProjectStats(projectId: number, options: RefreshOptions = {}) {
  const log = options.log ?? (() => undefined);
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 1;
  const started = performance.now();
  // Stamped with the total read before the counts: a vote landing in between makes the cache look
  // one vote stale (and refreshed again), never fresher than it is.
  const { votes } = await projectTotals(projectId);
  const { labels, rows } = await loadCountRows(projectId);
  await writeStat(projectId, "summary", votes, summarizeCounts(labels, rows));
  options.signal?.throwIfAborted();

  const drop = nonEmotionIndices(labels);
  const keep = labels.flatMap((_, index) => (drop.includes(index) ? [] : [index]));
  const reliability: ReliabilityStats = {
    all: intervals(rows, { resamples, seed }),
    emotionsOnly: intervals(
      rows.map((row) => keep.map((index) => row[index] ?? 0)),
      { resamples, seed },
    ),
    resamples,
    seed,
  };
  await writeStat(projectId, "reliability", votes, reliability);
  log(`bootstrap (${resamples} resamples) done after ${Math.round(performance.now() - started)} ms`);
  options.signal?.throwIfAborted();

  const annotators = await computeAnnotatorStats(projectId, { signal: options.signal });
  await writeStat(projectId, "annotators", votes, annotators);
  log(`annotators: ${annotators.annotators.length} profiled`);

  const model = await latestPredictedModel(projectId);
  if (model) {
    const panels = await computeModelPanels(model.id);
    if (panels) await writeStat(projectId, `model:${model.id}`, votes, panels);
    log(`model ${model.id}: panels over ${panels?.images ?? 0} images`);
    // The gallery's per-face model figures, so its first view after new votes need not compute them.
    await ensurePredictionFacts(projectId, model.id, labels.length, votes);
  }
  return { projectId, votes, durationMs: Math.round(performance.now() - started) };
}
