// Hidden repeats (issue 7), an interleaved assignment policy (registry.ts): now and then an
// annotator is shown again an image they voted on at least `repeatAfterTasks` votes ago, looking
// like any other task, to measure their self-agreement. The record is a quality_repeats row made
// when the repeat is served (label NULL: pending), so the vote route knows the second answer is
// expected; that answer completes the row and never touches `votes` (one vote per image and
// annotator: counts, exports and training read that table). Repeats hold no task lease, so they
// never count toward an image's target. The answers side (the hook lib/votes defines) is
// repeat-answers.ts.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { ProjectSettings } from "../../projects/settings";
import { UTC_NOW, seconds } from "../sql";

/** A hidden repeat: the label given the first time and the label given when shown again. */
export interface RepeatPair {
  first: number;
  second: number;
}

/**
 * With probability `repeatRate`, serves the annotator an image of the project they voted on at
 * least `repeatAfterTasks` votes ago and were never shown again (random among them; gold images and
 * `exclude` left out). The insert is the guard: unique (annotator, image) means never twice, even
 * for concurrent requests. Returns the image and a nominal expiry (served + leaseSeconds), or null.
 */
export async function serveRepeatTask(input: {
  projectId: number;
  annotatorId: string;
  settings: ProjectSettings;
  exclude: number[];
  random?: () => number;
}): Promise<{ imageId: number; expiresAt: Date } | null> {
  const { projectId, annotatorId, settings, exclude } = input;
  if (settings.repeatRate <= 0 || (input.random ?? Math.random)() >= settings.repeatRate) return null;
  const rows = await db.$queryRaw<{ image_id: number; expires_at: Date }[]>(
    repeatTaskSql({ projectId, annotatorId, exclude, ...settings }),
  );
  const row = rows[0];
  return row ? { imageId: row.image_id, expiresAt: row.expires_at } : null;
}

/**
 * The statement of serveRepeatTask (exported for bench/ and docs/vote-path.md).
 */
export function repeatTaskSql(input: {
  projectId: number;
  annotatorId: string;
  exclude: number[];
  repeatAfterTasks: number;
  leaseSeconds: number;
}): Prisma.Sql {
  const { projectId, annotatorId, exclude, repeatAfterTasks, leaseSeconds } = input;
  // Every step is a probe of votes(annotator_id, project_id, created_at), so the cost does not grow
  // with the annotator's history: the cutoff is the newest vote with repeatAfterTasks votes after
  // it (OFFSET bounded by the setting), and the pick is the first eligible vote at or after a random
  // time between their first vote and the cutoff (wrapping round). Random in time rather than
  // uniform over votes: a vote after a long pause is a little likelier, which does not matter here.
  const eligible = Prisma.sql`
    v.image_id <> ALL(${exclude}::int[])
    AND NOT EXISTS (SELECT 1 FROM images i WHERE i.id = v.image_id AND i.gold_distribution IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM quality_repeats q
                    WHERE q.annotator_id = ${annotatorId} AND q.image_id = v.image_id OFFSET 0)`;
  return Prisma.sql`
    WITH cutoff AS (
      SELECT v.created_at, v.id FROM votes v
      WHERE v.annotator_id = ${annotatorId} AND v.project_id = ${projectId}
      ORDER BY v.created_at DESC, v.id DESC OFFSET ${repeatAfterTasks} LIMIT 1
    ), oldest AS (
      SELECT v.created_at FROM votes v
      WHERE v.annotator_id = ${annotatorId} AND v.project_id = ${projectId}
      ORDER BY v.created_at LIMIT 1
    ), pivot AS (
      SELECT c.created_at AS cut_at, c.id AS cut_id, o.created_at + random() * (c.created_at - o.created_at) AS at
      FROM cutoff c, oldest o
    ), pick AS (
      (SELECT v.id, v.image_id, v.label FROM pivot p, votes v
       WHERE v.annotator_id = ${annotatorId} AND v.project_id = ${projectId} AND v.created_at >= p.at
         AND (v.created_at, v.id) <= (p.cut_at, p.cut_id) AND ${eligible}
       ORDER BY v.created_at LIMIT 1)
      UNION ALL
      (SELECT v.id, v.image_id, v.label FROM pivot p, votes v
       WHERE v.annotator_id = ${annotatorId} AND v.project_id = ${projectId} AND v.created_at < p.at
         AND ${eligible}
       ORDER BY v.created_at LIMIT 1)
      LIMIT 1
    )
    INSERT INTO quality_repeats (project_id, image_id, annotator_id, first_vote_id, first_label, served_at, created_at)
    SELECT ${projectId}, p.image_id, ${annotatorId}, p.id, p.label, ${UTC_NOW}, ${UTC_NOW} FROM pick p
    ON CONFLICT DO NOTHING
    RETURNING image_id, served_at + ${seconds(leaseSeconds)} AS expires_at`;
}

/** Answered repeats of the project per annotator: (first label, second label) pairs. */
export async function loadRepeatPairs(projectId: number): Promise<Map<string, RepeatPair[]>> {
  const rows = await db.$queryRaw<{ annotator_id: string; first_label: number; label: number }[]>`
    SELECT annotator_id, first_label, label FROM quality_repeats
    WHERE project_id = ${projectId} AND label IS NOT NULL ORDER BY annotator_id, answered_at, id`;
  const pairs = new Map<string, RepeatPair[]>();
  for (const row of rows) {
    const list = pairs.get(row.annotator_id) ?? [];
    list.push({ first: row.first_label, second: row.label });
    pairs.set(row.annotator_id, list);
  }
  return pairs;
}
