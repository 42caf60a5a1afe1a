// Raw SQL of the annotator reports (annotator-quality.ts, annotator-stats.ts), one home
// (docs/architecture.md, "Data layer"): each statement says why Prisma's query API cannot say it.
import { db } from "../../db";

/** A vote of a signed-in annotator with what the quality checks need. */
export type QualityVoteRow = {
  annotator_id: string;
  name: string;
  paused_at: Date | null;
  label: number;
  duration_ms: number | null;
  created_at: Date;
  gold: number[] | null;
};

/** A vote of a known annotator (signed-in or external) for the profiles and Dawid-Skene. */
export interface StatsVoteRow {
  annotator: string;
  name: string | null;
  image_id: number;
  label: number;
  duration_ms: number | null;
  at: number;
}

// Raw: a four-table join read as flat rows, every vote of the project without Prisma's object mapping.
/** Every vote of the project's signed-in annotators with name, pause and gold reference, per annotator in time order. */
export function qualityVoteRows(projectId: number): Promise<QualityVoteRow[]> {
  return db.$queryRaw<QualityVoteRow[]>`
    SELECT v.annotator_id, u.name, m.paused_at, v.label, v.duration_ms, v.created_at, i.gold_distribution AS gold
    FROM votes v JOIN users u ON u.id = v.annotator_id JOIN images i ON i.id = v.image_id
    LEFT JOIN project_members m ON m.project_id = v.project_id AND m.user_id = v.annotator_id
    WHERE v.project_id = ${projectId} AND v.annotator_id IS NOT NULL
    ORDER BY v.annotator_id, v.created_at, v.id`;
}

// Raw: four aggregates in one round trip, one an md5 over a float8[] column's text (string_agg).
/** The fingerprint inputs of the quality reports: answers, newest vote and repeat, gold digest. */
export function qualityInputsRows(
  projectId: number,
): Promise<{ answers: bigint; last_vote: Date | null; last_repeat: Date | null; gold: string }[]> {
  return db.$queryRaw<{ answers: bigint; last_vote: Date | null; last_repeat: Date | null; gold: string }[]>`
    SELECT
      (SELECT coalesce(sum(answers), 0) FROM annotator_answers WHERE project_id = ${projectId}) AS answers,
      (SELECT max(created_at) FROM votes WHERE project_id = ${projectId}) AS last_vote,
      (SELECT max(answered_at) FROM quality_repeats WHERE project_id = ${projectId}) AS last_repeat,
      (SELECT md5(coalesce(string_agg(id || ':' || gold_distribution::text, ';' ORDER BY id), ''))
       FROM images WHERE project_id = ${projectId} AND gold_distribution IS NOT NULL) AS gold`;
}

// Raw: a LEFT JOIN on a parameter (the membership of this project) over a text[] of ids.
/** Names and pause state (in the project) of the users `ids`. */
export function annotatorStateRows(
  projectId: number,
  ids: string[],
): Promise<{ id: string; name: string; paused_at: Date | null }[]> {
  return db.$queryRaw<{ id: string; name: string; paused_at: Date | null }[]>`
    SELECT u.id, u.name, m.paused_at FROM users u
    LEFT JOIN project_members m ON m.project_id = ${projectId} AND m.user_id = u.id
    WHERE u.id = ANY(${ids}::text[])`;
}

// Raw: coalesce of two annotator columns into one key and an epoch in ms, over every vote.
/** Every vote of the project whose annotator is known, keyed by annotator (external ones prefixed). */
export function statsVoteRows(projectId: number): Promise<StatsVoteRow[]> {
  return db.$queryRaw<StatsVoteRow[]>`
    SELECT coalesce(v.annotator_id, 'external:' || v.external_annotator_id) AS annotator, u.name,
           v.image_id, v.label, v.duration_ms, (extract(epoch FROM v.created_at) * 1000)::float8 AS at
    FROM votes v LEFT JOIN users u ON u.id = v.annotator_id
    WHERE v.project_id = ${projectId} AND (v.annotator_id IS NOT NULL OR v.external_annotator_id IS NOT NULL)`;
}
