// Raw SQL of hidden repeats (lib/tasks/policies/repeats.ts and repeat-answers.ts), one home
// (docs/architecture.md, "Data layer"): each statement says why Prisma's query API cannot say it.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { VoteInput } from "../../votes/schemas";
import { UTC_NOW, seconds } from "./time";

/** A quality_repeats row as the answer statements return it. */
export interface RepeatRow {
  id: bigint;
  image_id: number;
  label: number;
  duration_ms: number | null;
  answered_at: Date;
}

// Raw: a chain of index probes with a random pivot, OFFSET and OFFSET 0 fences, and INSERT ... ON
// CONFLICT DO NOTHING from a CTE: the insert is the guard against serving a repeat twice.
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

// Raw: runs repeatTaskSql (see there).
/** The served repeat's image and nominal expiry, or none. */
export function serveRepeatRows(
  input: Parameters<typeof repeatTaskSql>[0],
): Promise<{ image_id: number; expires_at: Date }[]> {
  return db.$queryRaw<{ image_id: number; expires_at: Date }[]>(repeatTaskSql(input));
}

// Raw only to keep the repeat statements together (Prisma's findMany would say this one).
/** Answered repeats of the project, ordered per annotator by answer time. */
export function answeredRepeatRows(
  projectId: number,
): Promise<{ annotator_id: string; first_label: number; label: number }[]> {
  return db.$queryRaw<{ annotator_id: string; first_label: number; label: number }[]>`
    SELECT annotator_id, first_label, label FROM quality_repeats
    WHERE project_id = ${projectId} AND label IS NOT NULL ORDER BY annotator_id, answered_at, id`;
}

// Raw only to keep the repeat statements together (Prisma's findFirst would say this one).
/** The answered repeat of that idempotency key, if any. */
export function repeatRowByKey(
  annotatorId: string,
  idempotencyKey: string,
): Promise<(RepeatRow & { project_id: number })[]> {
  return db.$queryRaw<(RepeatRow & { project_id: number })[]>`
    SELECT id, project_id, image_id, label, duration_ms, answered_at FROM quality_repeats
    WHERE annotator_id = ${annotatorId} AND idempotency_key = ${idempotencyKey} AND label IS NOT NULL`;
}

// Raw: UPDATE ... RETURNING on a non-unique filter with the database clock (UTC_NOW); Prisma's
// updateMany returns no rows.
/** Stores the answer in the pending repeat of the image; the row, or none when none was pending. */
export function answerRepeatRows(input: {
  projectId: number;
  annotatorId: string;
  vote: Pick<VoteInput, "imageId" | "durationMs" | "idempotencyKey">;
  label: number;
}): Promise<RepeatRow[]> {
  const { projectId, annotatorId, vote, label } = input;
  return db.$queryRaw<RepeatRow[]>`
    UPDATE quality_repeats
    SET label = ${label}, duration_ms = ${vote.durationMs}, idempotency_key = ${vote.idempotencyKey},
        answered_at = ${UTC_NOW}
    WHERE project_id = ${projectId} AND annotator_id = ${annotatorId} AND image_id = ${vote.imageId}
      AND label IS NULL
    RETURNING id, image_id, label, duration_ms, answered_at`;
}

// Raw: SELECT ... FOR UPDATE with the age check on the database clock and the revert in one
// statement (data-modifying CTE) returning the row as it was.
/** Puts the answered repeat back to pending if inside the window; the old row and new expiry, or none. */
export function revertRepeatRows(input: {
  repeatId: bigint;
  windowSeconds: number;
  leaseSeconds: number;
}): Promise<(RepeatRow & { expires_at: Date })[]> {
  const { repeatId, windowSeconds, leaseSeconds } = input;
  return db.$queryRaw<(RepeatRow & { expires_at: Date })[]>`
    WITH before AS (
      SELECT id, image_id, label, duration_ms, answered_at FROM quality_repeats
      WHERE id = ${repeatId} AND answered_at > ${UTC_NOW} - ${seconds(windowSeconds)} FOR UPDATE
    ), reverted AS (
      UPDATE quality_repeats q SET label = NULL, duration_ms = NULL, idempotency_key = NULL,
        answered_at = NULL, served_at = ${UTC_NOW}
      FROM before b WHERE q.id = b.id
      RETURNING q.served_at + ${seconds(leaseSeconds)} AS expires_at
    )
    SELECT b.*, r.expires_at FROM before b, reverted r`;
}
