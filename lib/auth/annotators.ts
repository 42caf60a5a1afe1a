// Who an annotator is when they open an invite link: the identity model of docs/security.md.
// A worker id (appended by crowd platforms, and not secret) names an annotator within ONE project:
// (project, worker id) -> one user, made on first join, never a member of any other project. So an
// invite of project B can never hand out the session of project A's annotator, whatever worker id
// it is sent with; within one project, the same worker on a second device is still one annotator
// and cannot vote twice on an image.
import { db } from "../db";
import type { User } from "../generated/prisma/client";
import { createAnnotator, isUniqueViolation } from "./users";

/**
 * The annotator who joins `projectId`, made a member of it. With a `workerId`: the project's
 * annotator of that worker id, created atomically on first use (20 concurrent joins make one
 * user). Without: the signed-in annotator `currentUserId` unless that one is another project's
 * worker-id annotator (who must stay in their own project), else a new anonymous annotator.
 */
export async function annotatorForJoin(input: {
  projectId: number;
  workerId?: string;
  currentUserId?: string | null;
}): Promise<User> {
  const { projectId, workerId } = input;
  if (workerId) return workerAnnotator(projectId, workerId);
  const current = input.currentUserId
    ? await db.user.findUnique({ where: { id: input.currentUserId } })
    : null;
  if (current?.role === "annotator" && (current.workerProjectId ?? projectId) === projectId) {
    await addAnnotatorMembership(projectId, current.id);
    return current;
  }
  return createAnnotator(projectId, null);
}

/** The annotator of (project, worker id): found, or created with their membership. */
async function workerAnnotator(projectId: number, workerId: string): Promise<User> {
  const key = { workerProjectId_workerId: { workerProjectId: projectId, workerId } };
  const existing = await db.user.findUnique({ where: key });
  if (existing) return existing;
  try {
    return await createAnnotator(projectId, workerId);
  } catch (error) {
    // A concurrent join of the same worker won the unique index (users.worker_project_id,
    // worker_id); its user and membership were committed together, so both are there now.
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.user.findUnique({ where: key });
    if (!winner) throw error;
    return winner;
  }
}

/** Makes `userId` an annotator of `projectId`; a no-op when already a member (no race: ON CONFLICT). */
async function addAnnotatorMembership(projectId: number, userId: string): Promise<void> {
  await db.projectMember.createMany({
    data: [{ projectId, userId, role: "annotator" }],
    skipDuplicates: true,
  });
}
