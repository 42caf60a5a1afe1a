// Pausing an annotator in one project: their votes stay in the database (marked through
// project_members.paused_at), and while the project's `excludePausedAnnotators` switch is on they
// are left out of images.counts, which stats, exports, training and assignment all read. The vote
// trigger keeps new votes consistent (chorus_vote_counted, migration 20261201163000_pause_per_project);
// here we recount what a change affects. A pause never reaches another project.
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { z } from "zod";

/**
 * Pauses (or unpauses) a member of the project and recounts the project's images they voted on, in
 * one transaction; 404 when `userId` is not a member of the project.
 */
export async function setAnnotatorPaused(
  projectId: number,
  userId: string,
  paused: boolean,
): Promise<{ pausedAt: Date | null; recounted: number }> {
  return db.$transaction(async (tx) => {
    const member = await tx.projectMember.findUnique({
      where: { projectId_userId: { projectId, userId } },
      select: { pausedAt: true },
    });
    if (!member) {
      throw new AppError("not_found", `annotator ${userId} is not a member of project ${projectId}`, {
        field: "userId",
      });
    }
    // Keep the first pause time when paused twice.
    const pausedAt = paused ? (member.pausedAt ?? new Date()) : null;
    await tx.projectMember.update({ where: { projectId_userId: { projectId, userId } }, data: { pausedAt } });
    const [row] = await tx.$queryRaw<{ recounted: number }[]>`
      SELECT chorus_recount_images(ARRAY(
        SELECT DISTINCT image_id FROM votes WHERE project_id = ${projectId} AND annotator_id = ${userId})) AS recounted`;
    return { pausedAt, recounted: row?.recounted ?? 0 };
  });
}

/**
 * Recounts the project's images that paused annotators voted on, inside `tx`: the caller has just
 * flipped the project's `excludePausedAnnotators` switch in that transaction (lib/projects/update-settings.ts).
 */
export async function recountPausedAnnotatorVotes(tx: Tx, projectId: number): Promise<{ recounted: number }> {
  const [row] = await tx.$queryRaw<{ recounted: number }[]>`
    SELECT chorus_recount_images(ARRAY(
      SELECT DISTINCT v.image_id FROM votes v
      JOIN project_members m ON m.project_id = v.project_id AND m.user_id = v.annotator_id
      WHERE v.project_id = ${projectId} AND m.paused_at IS NOT NULL)) AS recounted`;
  return { recounted: row?.recounted ?? 0 };
}

/** Annotators paused in the project, with how many of their votes the project holds. */
export function pausedAnnotators(
  projectId: number,
): Promise<{ id: string; name: string; pausedAt: Date; votes: number }[]> {
  return db.$queryRaw`
    SELECT u.id, u.name, m.paused_at AS "pausedAt", count(v.id)::int AS votes
    FROM project_members m JOIN users u ON u.id = m.user_id
    JOIN votes v ON v.annotator_id = u.id AND v.project_id = m.project_id
    WHERE m.project_id = ${projectId} AND m.paused_at IS NOT NULL GROUP BY u.id, m.paused_at ORDER BY m.paused_at`;
}

/** POST /api/projects/{id}/annotators/{userId}/pause. */
export const pauseRequestSchema = z.object({ paused: z.boolean() });
