// Raw SQL of task leases (lib/tasks/leases.ts), one home (docs/architecture.md, "Data layer"): each
// statement says why Prisma's query API cannot say it. The builders are exported for bench/ and
// docs/vote-path.md, so they render the very text the server runs.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { UTC_NOW, seconds } from "./time";

/** What leaseFirst asks for: the first free candidate below the target, leased for `leaseSeconds`. */
export interface LeaseFirstInput {
  projectId: number;
  annotatorId: string;
  candidates: number[];
  targetVotes: number;
  leaseSeconds: number;
  wait: boolean;
}

// Raw: calls the SQL function chorus_lease_first (prisma/sql), which locks and re-checks the image.
/** The statement of leaseFirst (exported for bench/ and docs/vote-path.md). */
export function leaseFirstSql(input: LeaseFirstInput): Prisma.Sql {
  const { projectId, annotatorId, candidates, targetVotes, leaseSeconds, wait } = input;
  return Prisma.sql`
    SELECT * FROM chorus_lease_first(${projectId}, ${annotatorId}, ${candidates}::int[], ${targetVotes},
                                     ${leaseSeconds}, ${wait})`;
}

// Raw: runs leaseFirstSql (a SQL function call).
/** chorus_lease_first's one row: the leased image (or null) and how many candidates were skipped. */
export function leaseFirstRows(
  input: Parameters<typeof leaseFirstSql>[0],
): Promise<{ leased_image_id: number | null; lease_expires_at: Date | null; skipped: number }[]> {
  return db.$queryRaw<{ leased_image_id: number | null; lease_expires_at: Date | null; skipped: number }[]>(
    leaseFirstSql(input),
  );
}

// Raw: UPDATE ... FROM a LIMIT 1 subquery with an int[] anti-filter and a re-check on the row, in
// one statement on the database clock; Prisma's update cannot pick its row by ORDER BY ... LIMIT.
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

// Raw: runs renewHeldLeaseSql (see there).
/** The renewed lease, or none. */
export function renewHeldLeaseRows(
  input: Parameters<typeof renewHeldLeaseSql>[0],
): Promise<{ image_id: number; expires_at: Date }[]> {
  return db.$queryRaw<{ image_id: number; expires_at: Date }[]>(renewHeldLeaseSql(input));
}

// Raw only to keep the lease statements together (Prisma's deleteMany would say this one).
/** Deletes the annotator's lease on the image; how many rows (0 or 1). */
export function deleteLease(projectId: number, imageId: number, annotatorId: string): Promise<number> {
  return db.$executeRaw`
    DELETE FROM task_leases WHERE project_id = ${projectId} AND image_id = ${imageId} AND annotator_id = ${annotatorId}`;
}

// Raw: expiry is compared with the database clock (UTC_NOW), not the web process's.
/** Deletes the project's expired leases; how many. */
export function deleteExpiredLeases(projectId: number): Promise<number> {
  return db.$executeRaw`DELETE FROM task_leases WHERE project_id = ${projectId} AND expires_at <= ${UTC_NOW}`;
}
