// Per-annotator quality report of a project: gold score with its trend, speed, straight-lining and
// flags (`checkAnnotator`), from the votes of signed-in annotators. Imported votes have no annotator.
import { db } from "../db";
import { getProject } from "../projects/projects";
import { parseProjectSettings } from "../projects/settings";
import { checkAnnotator, type AnnotatorAnswer, type AnnotatorReport } from "./annotator-checks";
import { goldScoreTrend, type GoldAnswer, type GoldTrendPoint } from "./gold-score";
import { annotatorCheckSettingsFor } from "./policy-settings";
import { loadRepeatPairs } from "./repeats";

export interface AnnotatorQuality {
  id: string;
  name: string;
  pausedAt: Date | null;
  report: AnnotatorReport;
  trend: GoldTrendPoint[];
}

type VoteRow = {
  annotator_id: string;
  name: string;
  paused_at: Date | null;
  label: number;
  duration_ms: number | null;
  created_at: Date;
  gold: number[] | null;
};

/** Quality reports of every annotator who voted in the project, most flags first. */
export async function loadAnnotatorQuality(projectId: number): Promise<AnnotatorQuality[]> {
  const project = await getProject(projectId);
  const settings = parseProjectSettings(project.settings);
  const rows = await db.$queryRaw<VoteRow[]>`
    SELECT v.annotator_id, u.name, m.paused_at, v.label, v.duration_ms, v.created_at, i.gold_distribution AS gold
    FROM votes v JOIN users u ON u.id = v.annotator_id JOIN images i ON i.id = v.image_id
    LEFT JOIN project_members m ON m.project_id = v.project_id AND m.user_id = v.annotator_id
    WHERE v.project_id = ${projectId} AND v.annotator_id IS NOT NULL
    ORDER BY v.annotator_id, v.created_at, v.id`;
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
      // Hidden repeats (lib/quality/repeats.ts): first and second answers, for self-agreement.
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
