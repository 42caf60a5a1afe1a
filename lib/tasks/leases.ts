// Leases: a short reservation of an image for one annotator. Every change to an image's
// votes-plus-live-leases happens while its images row is locked (votes lock it through the counts
// trigger, new leases in chorus_lease_first), so a lease is only granted below the target.
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { UTC_NOW, seconds } from "./sql";

/**
 * Leases to the annotator the first of `candidates` still below `targetVotes` (live leases
 * counted) that they have not voted on, in one statement (SQL function chorus_lease_first: lock
 * the image row, then re-check with a fresh snapshot, then insert). Returns the leased image, or
 * null and how many candidates were skipped because another transaction held them.
 */
export async function leaseFirst(input: {
  projectId: number;
  annotatorId: string;
  candidates: number[];
  targetVotes: number;
  leaseSeconds: number;
  wait: boolean;
}): Promise<{ imageId: number | null; expiresAt: Date | null; skipped: number }> {
  const [row] = await db.$queryRaw<
    { leased_image_id: number | null; lease_expires_at: Date | null; skipped: number }[]
  >(leaseFirstSql(input));
  return {
    imageId: row?.leased_image_id ?? null,
    expiresAt: row?.lease_expires_at ?? null,
    skipped: row?.skipped ?? 0,
  };
}

/** The statement of leaseFirst (exported for bench/ and docs/vote-path.md). */
export function leaseFirstSql(input: {
  projectId: number;
  annotatorId: string;
  candidates: number[];
  targetVotes: number;
  leaseSeconds: number;
  wait: boolean;
}): Prisma.Sql {
  const { projectId, annotatorId, candidates, targetVotes, leaseSeconds, wait } = input;
  return Prisma.sql`
    SELECT * FROM chorus_lease_first(${projectId}, ${annotatorId}, ${candidates}::int[], ${targetVotes},
                                     ${leaseSeconds}, ${wait})`;
}

/**
 * Renews the annotator's oldest live lease in the project that is not in `exclude` and that they
 * have not voted on, in one statement; returns it, or null when they hold none. The lookup is one
 * range of task_leases(annotator_id, project_id, expires_at): expired leases sort before it.
 */
export async function renewHeldLease(input: {
  projectId: number;
  annotatorId: string;
  exclude: number[];
  leaseSeconds: number;
}): Promise<{ imageId: number; expiresAt: Date } | null> {
  const rows = await db.$queryRaw<{ image_id: number; expires_at: Date }[]>(renewHeldLeaseSql(input));
  const row = rows[0];
  return row ? { imageId: row.image_id, expiresAt: row.expires_at } : null;
}

/** The statement of renewHeldLease (exported for bench/ and docs/vote-path.md). */
export function renewHeldLeaseSql(input: {
  projectId: number;
  annotatorId: string;
  exclude: number[];
  leaseSeconds: number;
}): Prisma.Sql {
  const { projectId, annotatorId, exclude, leaseSeconds } = input;
  return Prisma.sql`
    UPDATE task_leases t SET expires_at = ${UTC_NOW} + ${seconds(leaseSeconds)}
    FROM (
      SELECT l.image_id FROM task_leases l
      WHERE l.annotator_id = ${annotatorId} AND l.project_id = ${projectId} AND l.expires_at > ${UTC_NOW}
        AND l.image_id <> ALL(${exclude}::int[])
        AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = l.image_id AND v.annotator_id = l.annotator_id)
      ORDER BY l.created_at, l.image_id LIMIT 1
    ) held
    -- Re-checked on the row itself: it may have expired (or been purged) since the snapshot.
    WHERE t.image_id = held.image_id AND t.annotator_id = ${annotatorId} AND t.expires_at > ${UTC_NOW}
    RETURNING t.image_id, t.expires_at`;
}

/** Gives an image back to the pool (skip). Returns whether the annotator held a lease on it. */
export async function releaseLease(
  projectId: number,
  imageId: number,
  annotatorId: string,
): Promise<boolean> {
  const count = await db.$executeRaw`
    DELETE FROM task_leases WHERE project_id = ${projectId} AND image_id = ${imageId} AND annotator_id = ${annotatorId}`;
  return count > 0;
}

/** Deletes the project's expired leases (they are already ignored; this only keeps the table small). */
export function purgeExpiredLeases(projectId: number): Promise<number> {
  return db.$executeRaw`DELETE FROM task_leases WHERE project_id = ${projectId} AND expires_at <= ${UTC_NOW}`;
}
