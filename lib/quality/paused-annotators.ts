// Pausing an annotator: their votes stay in the database (marked through users.paused_at), and while
// the project's `excludePausedAnnotators` switch is on they are left out of images.counts, which
// stats, exports, training and assignment all read. The vote trigger keeps new votes consistent
// (migration 20261129130000_quality_paused_gold); here we recount what a change affects.
import { db } from "../db";
import { AppError } from "../errors";
import { getProject } from "../projects/projects";
import { parseProjectSettings } from "../projects/settings";
import { z } from "zod";

/** Pauses (or unpauses) an annotator and recounts every image they voted on, in one transaction. */
export async function setAnnotatorPaused(
  userId: string,
  paused: boolean,
): Promise<{ pausedAt: Date | null; recounted: number }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { pausedAt: true } });
    if (!user) throw new AppError("not_found", `annotator ${userId} not found`, { field: "userId" });
    // Keep the first pause time when paused twice.
    const pausedAt = paused ? (user.pausedAt ?? new Date()) : null;
    await tx.user.update({ where: { id: userId }, data: { pausedAt } });
    const [row] = await tx.$queryRaw<{ recounted: number }[]>`
      SELECT chorus_recount_images(ARRAY(SELECT DISTINCT image_id FROM votes WHERE annotator_id = ${userId})) AS recounted`;
    return { pausedAt, recounted: row?.recounted ?? 0 };
  });
}

/** Flips a project's `excludePausedAnnotators` switch and recounts the images paused annotators voted on. */
export async function setExcludePausedAnnotators(
  projectId: number,
  exclude: boolean,
): Promise<{ recounted: number }> {
  return db.$transaction(async (tx) => {
    const project = await getProject(projectId);
    const settings = { ...parseProjectSettings(project.settings), excludePausedAnnotators: exclude };
    await tx.project.update({ where: { id: projectId }, data: { settings } });
    const [row] = await tx.$queryRaw<{ recounted: number }[]>`
      SELECT chorus_recount_images(ARRAY(
        SELECT DISTINCT v.image_id FROM votes v JOIN users u ON u.id = v.annotator_id
        WHERE v.project_id = ${projectId} AND u.paused_at IS NOT NULL)) AS recounted`;
    return { recounted: row?.recounted ?? 0 };
  });
}

/** Annotators of the project who are paused, with how many of their votes the project holds. */
export function pausedAnnotators(
  projectId: number,
): Promise<{ id: string; name: string; pausedAt: Date; votes: number }[]> {
  return db.$queryRaw`
    SELECT u.id, u.name, u.paused_at AS "pausedAt", count(v.id)::int AS votes
    FROM users u JOIN votes v ON v.annotator_id = u.id AND v.project_id = ${projectId}
    WHERE u.paused_at IS NOT NULL GROUP BY u.id ORDER BY u.paused_at`;
}

/** POST /api/projects/{id}/annotators/{userId}/pause. */
export const pauseRequestSchema = z.object({ paused: z.boolean() });
