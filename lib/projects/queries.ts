// Named reads of projects for pages and other domains: pages never open the database client, so each
// read a page needs has a name here (see docs/architecture.md, "Data layer").
import { db } from "../db";
import type { Role } from "../generated/prisma/client";

/**
 * Images and votes of a project from the running counts (`images.vote_count`, kept by the vote
 * trigger), never a scan of the votes table. The one definition of "the project's vote total": the
 * retrain threshold, the stats cache keys, the dashboards and the export page all read it here.
 */
export async function projectTotals(projectId: number): Promise<{ images: number; votes: number }> {
  const totals = await db.image.aggregate({
    where: { projectId },
    _count: { _all: true },
    _sum: { voteCount: true },
  });
  return { images: totals._count._all, votes: totals._sum.voteCount ?? 0 };
}

/**
 * The project's id and name when `viewer` may see its frame (admins; researchers who own or joined
 * it), else null. Annotators never see a project's researcher frame.
 */
export async function findVisibleProject(
  projectId: number,
  viewer: { id: string; role: Role },
): Promise<{ id: number; name: string } | null> {
  if (viewer.role === "annotator") return null;
  return db.project.findFirst({
    where: {
      id: projectId,
      ...(viewer.role === "admin"
        ? {}
        : {
            OR: [{ ownerId: viewer.id }, { members: { some: { userId: viewer.id, role: "researcher" } } }],
          }),
    },
    select: { id: true, name: true },
  });
}

/** Every project for the admin page, oldest first, with its owner's email and its sizes. */
export function listProjectsForAdmin() {
  return db.project.findMany({
    orderBy: { createdAt: "asc" },
    include: { owner: { select: { email: true } }, _count: { select: { images: true, members: true } } },
  });
}
