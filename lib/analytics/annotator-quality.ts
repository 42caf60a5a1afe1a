// Per-annotator quality report of a project: gold score with its trend, speed, straight-lining and
// flags (`checkAnnotator`), from the votes of signed-in annotators. Imported votes have no annotator.
// The reports live in the shared stats cache (kind "annotator-checks"), stamped with a fingerprint of
// everything they are computed from, so a page load reads one row and a few probes instead of every vote.
import { goldScoreTrend, type GoldAnswer, type GoldTrendPoint } from "../ambiguity/gold-score";
import { getProject, type Project } from "../projects/projects";
import { parseProjectSettings } from "../projects/settings";
import { loadRepeatPairs } from "../tasks/policies/repeats";
import {
  annotatorCheckSettingsFor,
  checkAnnotator,
  type AnnotatorAnswer,
  type AnnotatorReport,
} from "./annotator-checks";
import { annotatorStateRows, qualityInputsRows, qualityVoteRows } from "./sql/annotators";
import { readStat, writeStat } from "./stats-cache";

export interface AnnotatorQuality {
  id: string;
  name: string;
  pausedAt: Date | null;
  report: AnnotatorReport;
  trend: GoldTrendPoint[];
}

/** Quality reports of every annotator who voted in the project, most flags first, from every vote. */
export async function computeAnnotatorQuality(
  project: Pick<Project, "id" | "labels" | "settings">,
): Promise<AnnotatorQuality[]> {
  const projectId = project.id;
  const settings = parseProjectSettings(project.settings);
  const rows = await qualityVoteRows(projectId);
  const repeats = await loadRepeatPairs(projectId);
  const byAnnotator = new Map<
    string,
    { name: string; pausedAt: Date | null; answers: AnnotatorAnswer[]; gold: GoldAnswer[] }
  >();
  for (const row of rows) {
    let entry = byAnnotator.get(row.annotator_id);
    if (!entry) {
      entry = { name: row.name, pausedAt: row.paused_at, answers: [], gold: [] };
      byAnnotator.set(row.annotator_id, entry);
    }
    const at = row.created_at.getTime();
    entry.answers.push({ label: row.label, durationMs: row.duration_ms, at });
    if (row.gold && row.gold.length === project.labels.length)
      entry.gold.push({ label: row.label, reference: row.gold, at });
  }
  const checks = annotatorCheckSettingsFor(settings);
  return [...byAnnotator.entries()]
    .map(([id, entry]) => ({
      id,
      name: entry.name,
      pausedAt: entry.pausedAt,
      // Hidden repeats (lib/tasks/policies/repeats.ts): first and second answers, for self-agreement.
      report: checkAnnotator(
        {
          answers: entry.answers,
          gold: entry.gold,
          repeats: repeats.get(id) ?? [],
          labelCount: project.labels.length,
        },
        checks,
      ),
      trend: goldScoreTrend(entry.gold, settings.goldSmoothing, settings.goldTrendWindow),
    }))
    .sort((a, b) => b.report.flags.length - a.report.flags.length || b.report.answers - a.report.answers);
}

const KIND = "annotator-checks";

/** What the cache keeps: the reports without name and pause state, which are read fresh. */
interface CachedChecks {
  stamp: string;
  annotators: Omit<AnnotatorQuality, "name" | "pausedAt">[];
}

/**
 * A fingerprint of every input of the reports, from probes that do not grow with the votes:
 * answers of signed-in annotators (votes plus answered repeats, kept by triggers in
 * annotator_answers), the newest vote and repeat answer (an undo followed by a new answer leaves the
 * total unchanged but moves these), the gold references, the settings and the label count.
 * Gold references have no index of their own: that part reads the project's image rows.
 */
async function inputsStamp(
  project: Pick<Project, "id" | "labels" | "settings">,
): Promise<{ answers: number; stamp: string }> {
  const [row] = await qualityInputsRows(project.id);
  const answers = Number(row?.answers ?? 0);
  const stamp = JSON.stringify([
    answers,
    row?.last_vote?.toISOString() ?? null,
    row?.last_repeat?.toISOString() ?? null,
    row?.gold ?? "",
    project.labels.length,
    project.settings,
  ]);
  return { answers, stamp };
}

/** Names and pause state of the project's annotators (they change without any vote). */
async function annotatorStates(
  projectId: number,
  ids: string[],
): Promise<Map<string, { name: string; pausedAt: Date | null }>> {
  const rows = await annotatorStateRows(projectId, ids);
  return new Map(rows.map((row) => [row.id, { name: row.name, pausedAt: row.paused_at }]));
}

/**
 * Quality reports of every annotator who voted in the project, most flags first: the cached reports
 * when the inputs' fingerprint is unchanged, else computed now and cached (the same numbers either way).
 */
export async function loadAnnotatorQuality(projectId: number): Promise<AnnotatorQuality[]> {
  const project = await getProject(projectId);
  // The fingerprint is taken before the reports are computed: a vote landing in between makes the
  // cache look stale (and recomputed next time), never fresher than it is.
  const [{ answers, stamp }, cached] = await Promise.all([
    inputsStamp(project),
    readStat<CachedChecks>(projectId, KIND),
  ]);
  if (cached && cached.data.stamp === stamp) {
    const states = await annotatorStates(
      projectId,
      cached.data.annotators.map((annotator) => annotator.id),
    );
    return cached.data.annotators.map((annotator) => ({
      ...annotator,
      name: states.get(annotator.id)?.name ?? annotator.id,
      pausedAt: states.get(annotator.id)?.pausedAt ?? null,
    }));
  }
  const annotators = await computeAnnotatorQuality(project);
  const data: CachedChecks = {
    stamp,
    annotators: annotators.map(({ name: _name, pausedAt: _pausedAt, ...rest }) => rest),
  };
  await writeStat(projectId, KIND, answers, data);
  return annotators;
}
