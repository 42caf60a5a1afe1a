// Project lookup and creation.
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma, type Project, type Role } from "../generated/prisma/client";
import { FERPLUS_LABELS } from "./labels";
import { createProjectSchema, type CreateProjectInput } from "./schemas";
import { selectProjectWithRole } from "./sql";

export type { Project };

/** Creates a project; a duplicate name is a conflict. */
export async function createProject(input: CreateProjectInput, ownerId?: string): Promise<Project> {
  const data = createProjectSchema.parse(input);
  const existing = await db.project.findUnique({ where: { name: data.name } });
  if (existing)
    throw new AppError("conflict", `a project named "${data.name}" already exists`, { field: "name" });
  return db.project.create({ data: { ...data, ownerId } }).catch(async (error: unknown) => {
    // Two requests with one name both passed the lookup; the unique index let one through.
    if (await findProjectByName(data.name))
      throw new AppError("conflict", `a project named "${data.name}" already exists`, { field: "name" });
    throw error;
  });
}

/** The project of that name, or null. */
export function findProjectByName(name: string): Promise<Project | null> {
  return db.project.findUnique({ where: { name } });
}

/** The project of that id, or a not_found AppError. */
export async function getProject(id: number): Promise<Project> {
  const project = await db.project.findUnique({ where: { id } });
  if (!project) throw new AppError("not_found", `project ${id} not found`);
  return project;
}

/** Throws a not_found AppError unless image `imageId` belongs to project `projectId`. */
export async function requireProjectImage(projectId: number, imageId: number): Promise<void> {
  if ((await db.image.count({ where: { id: imageId, projectId } })) === 0) {
    throw new AppError("not_found", `image ${imageId} not found in project ${projectId}`, {
      field: "imageId",
    });
  }
}

/**
 * The project of that id and the user's membership role in it (null when not a member), in one
 * statement: the access check of every request (lib/auth/guard.ts). Null for an unknown project.
 */
export async function getProjectWithRole(
  id: number,
  userId: string,
): Promise<{ project: Project; memberRole: Role | null } | null> {
  const [row] = await selectProjectWithRole(id, userId);
  if (!row) return null;
  const { memberRole, ...project } = row;
  return { project, memberRole };
}

/** The project of that name, creating it with the FER+ label set (10 votes per image) if missing. */
export async function findOrCreateFerplusProject(name: string): Promise<Project> {
  const existing = await findProjectByName(name);
  if (existing) return existing;
  return db.project
    .create({ data: { name, labels: [...FERPLUS_LABELS], targetVotes: 10 } })
    .catch(async (error: unknown) => {
      // A concurrent import may have created it between the lookup and the insert.
      const raced = await findProjectByName(name);
      if (raced) return raced;
      throw error;
    });
}

/**
 * Projects a user may see, with their images and votes from the running counts (no scan of the
 * votes table): admins all, researchers those they own or joined, annotators those they joined.
 */
export async function listProjectsWithCounts(viewer: { id: string; role: Role }) {
  const where =
    viewer.role === "admin"
      ? {}
      : {
          OR: [
            ...(viewer.role === "researcher" ? [{ ownerId: viewer.id }] : []),
            { members: { some: { userId: viewer.id, role: viewer.role } } },
          ],
        };
  const projects = await db.project.findMany({ where, orderBy: { createdAt: "asc" } });
  const sums = await db.image.groupBy({
    by: ["projectId"],
    where: { projectId: { in: projects.map((p) => p.id) } },
    _count: { _all: true },
    _sum: { voteCount: true },
  });
  const byProject = new Map(sums.map((s) => [s.projectId, s]));
  return projects.map((project) => ({
    ...project,
    images: byProject.get(project.id)?._count._all ?? 0,
    votes: byProject.get(project.id)?._sum.voteCount ?? 0,
  }));
}

/** The settings page's figures: how many images the project holds and how many annotators joined it. */
export async function countImagesAndAnnotators(
  projectId: number,
): Promise<{ images: number; annotators: number }> {
  const [images, annotators] = await Promise.all([
    db.image.count({ where: { projectId } }),
    db.projectMember.count({ where: { projectId, role: "annotator" } }),
  ]);
  return { images, annotators };
}
