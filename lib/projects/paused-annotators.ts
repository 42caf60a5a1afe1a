// Pausing an annotator in one project: their votes stay in the database (marked through
// project_members.paused_at), and while the project's `excludePausedAnnotators` switch is on they
// are left out of images.counts, which stats, exports, training and assignment all read. The vote
// trigger keeps new votes consistent (chorus_vote_counted, migration 20261201163000_pause_per_project);
// here we recount what a change affects. A pause never reaches another project.
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { z } from "zod";
import { recountAnnotatorImages, recountPausedImages, selectPausedAnnotators } from "./sql";

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
    const [row] = await recountAnnotatorImages(tx, projectId, userId);
    return { pausedAt, recounted: row?.recounted ?? 0 };
  });
}

/**
 * Recounts the project's images that paused annotators voted on, inside `tx`: the caller has just
 * flipped the project's `excludePausedAnnotators` switch in that transaction (lib/projects/update-settings.ts).
 */
export async function recountPausedAnnotatorVotes(tx: Tx, projectId: number): Promise<{ recounted: number }> {
  const [row] = await recountPausedImages(tx, projectId);
  return { recounted: row?.recounted ?? 0 };
}

/** Annotators paused in the project, with how many of their votes the project holds. */
export function pausedAnnotators(
  projectId: number,
): Promise<{ id: string; name: string; pausedAt: Date; votes: number }[]> {
  return selectPausedAnnotators(projectId);
}

/** POST /api/projects/{id}/annotators/{userId}/pause. */
export const pauseRequestSchema = z.object({ paused: z.boolean() });
