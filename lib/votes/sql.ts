// The votes domain's raw SQL, one home (docs/architecture.md, "Data layer"). Every statement here is
// one that Prisma's query API cannot say; each says why. The vote path's statements are also
// exported as builders so bench/ and docs/vote-path.md render the very text the server runs.
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { UTC_NOW, seconds } from "../tasks/sql/time";
import type { VoteInput } from "./schemas";

/** A vote row as the statements below return it. */
export interface VoteRow {
  id: bigint;
  image_id: number;
  label: number;
  duration_ms: number | null;
  created_at: Date;
}

// Raw: a vote-path statement kept as text so bench/ and docs/vote-path.md EXPLAIN exactly what runs.
/** The statement of countVotesBy (exported for bench/ and docs/vote-path.md). */
export function answersSql(projectId: number, annotatorId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT answers FROM annotator_answers WHERE project_id = ${projectId} AND annotator_id = ${annotatorId}`;
}

// Raw: runs answersSql (see there).
/** The annotator's answer count row in the project, if any. */
export async function selectAnswers(projectId: number, annotatorId: string): Promise<{ answers: number }[]> {
  return db.$queryRaw<{ answers: number }[]>(answersSql(projectId, annotatorId));
}

// Raw: one statement of INSERT ... SELECT with lease and repeat checks, ON CONFLICT DO NOTHING and
// the lease's DELETE in a CTE; Prisma would need a transaction of several round trips.
/** The statement of recordVote's common case (exported for bench/ and docs/vote-path.md). */
export function insertVoteSql(input: {
  projectId: number;
  annotatorId: string;
  label: number;
  vote: Pick<VoteInput, "imageId" | "durationMs" | "idempotencyKey">;
}): Prisma.Sql {
  const { projectId, annotatorId, label, vote } = input;
  return Prisma.sql`
    WITH inserted AS (
      INSERT INTO votes (project_id, image_id, annotator_id, label, duration_ms, source, idempotency_key, created_at)
      SELECT ${projectId}, i.id, ${annotatorId}, ${label}, ${vote.durationMs}, 'chorus', ${vote.idempotencyKey}, ${UTC_NOW}
      FROM images i WHERE i.id = ${vote.imageId} AND i.project_id = ${projectId}
        AND EXISTS (SELECT 1 FROM task_leases l WHERE l.image_id = i.id AND l.annotator_id = ${annotatorId}
                    AND l.expires_at > ${UTC_NOW})
        -- A key already used for a repeat answer is not reused for a vote (told apart below).
        AND NOT EXISTS (SELECT 1 FROM quality_repeats q
                        WHERE q.annotator_id = ${annotatorId} AND q.idempotency_key = ${vote.idempotencyKey})
      ON CONFLICT DO NOTHING
      RETURNING id, image_id, label, duration_ms, created_at
    ), released AS (
      DELETE FROM task_leases
      WHERE image_id = ${vote.imageId} AND annotator_id = ${annotatorId} AND EXISTS (SELECT 1 FROM inserted)
    )
    SELECT * FROM inserted`;
}

// Raw: runs insertVoteSql (see there).
/** The inserted vote, or none when the lease, the key or the image did not allow it. */
export async function insertLeasedVoteRows(input: Parameters<typeof insertVoteSql>[0]): Promise<VoteRow[]> {
  return db.$queryRaw<VoteRow[]>(insertVoteSql(input));
}

// Raw: the age check inside the DELETE (database clock) and the lease given back in the same
// statement (data-modifying CTEs with ON CONFLICT), which Prisma cannot say.
/** Deletes the vote if still inside the undo window and leases its image back; the row, or none. */
export async function deleteRecentVoteAndLease(input: {
  voteId: bigint;
  projectId: number;
  annotatorId: string;
  windowSeconds: number;
  leaseSeconds: number;
}): Promise<(VoteRow & { lease_expires_at: Date })[]> {
  const { voteId, projectId, annotatorId, windowSeconds, leaseSeconds } = input;
  return db.$queryRaw<(VoteRow & { lease_expires_at: Date })[]>`
    WITH deleted AS (
      DELETE FROM votes
      WHERE id = ${voteId} AND annotator_id = ${annotatorId}
        AND created_at > ${UTC_NOW} - ${seconds(windowSeconds)}
      RETURNING id, image_id, label, duration_ms, created_at
    ), leased AS (
      INSERT INTO task_leases (project_id, image_id, annotator_id, expires_at, created_at)
      SELECT ${projectId}, image_id, ${annotatorId}, ${UTC_NOW} + ${seconds(leaseSeconds)}, ${UTC_NOW} FROM deleted
      ON CONFLICT (image_id, annotator_id) DO UPDATE SET expires_at = EXCLUDED.expires_at
      RETURNING expires_at
    )
    SELECT d.*, (SELECT expires_at FROM leased) AS lease_expires_at FROM deleted d`;
}
