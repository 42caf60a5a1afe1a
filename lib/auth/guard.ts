// Who is asking, and may they? Every page and route handler that shows or changes project data
// calls requireProjectRole (or requireRole) with the request's headers; roles are enforced here,
// on the server, never in the browser.
import { db } from "../db";
import { AppError } from "../errors";
import type { Role, User } from "../generated/prisma/client";
import { getProjectWithRole } from "../projects/projects";
import { bearerToken, userIdForApiToken } from "./api-tokens";
import { sessionUser } from "./session";

export type Viewer = Pick<User, "id" | "name" | "email" | "role" | "workerId">;

/** The signed-in user (session cookie) or API-token holder (`Authorization: Bearer ...`), or null. */
export async function getViewer(headers: Headers): Promise<Viewer | null> {
  const token = bearerToken(headers);
  if (token !== null) {
    const userId = await userIdForApiToken(token);
    if (!userId) throw new AppError("unauthorized", "invalid or revoked API token");
    return db.user.findUnique({
      where: { id: userId },
      select: { id: true, name: true, email: true, role: true, workerId: true },
    });
  }
  // The session lookup already joins the user: no second query.
  return sessionUser(headers);
}

/** The viewer, who must hold one of `roles` globally; 401 when signed out, 403 otherwise. */
export async function requireRole(headers: Headers, roles: Role[]): Promise<Viewer> {
  const viewer = await getViewer(headers);
  if (!viewer) throw new AppError("unauthorized", "sign in first");
  if (viewer.role !== "admin" && !roles.includes(viewer.role)) {
    throw new AppError("forbidden", "your role may not do this");
  }
  return viewer;
}

/**
 * The viewer, who must act on project `projectId` in one of `roles`: admins pass everywhere;
 * researchers pass on projects they own or joined as researchers; annotators pass on projects they
 * joined. 401 when signed out, 403 when not allowed (also for projects that are not theirs).
 */
export async function requireProjectRole(
  headers: Headers,
  projectId: number,
  roles: Role[],
): Promise<Viewer> {
  const viewer = await getViewer(headers);
  if (!viewer) throw new AppError("unauthorized", "sign in first");
  if (viewer.role === "admin") return viewer;
  if (!roles.includes(viewer.role)) throw new AppError("forbidden", "your role may not do this");
  const [membership, owned] = await Promise.all([
    db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: viewer.id } } }),
    viewer.role === "researcher" ? db.project.count({ where: { id: projectId, ownerId: viewer.id } }) : 0,
  ]);
  if (!owned && (!membership || !roles.includes(membership.role))) {
    throw new AppError("forbidden", "you are not a member of this project in that role");
  }
  return viewer;
}

/**
 * Like requireProjectRole, and also returns the project: 401 signed out, 404 unknown project,
 * 403 not allowed. Route handlers that need the project's labels or settings use this to avoid a
 * second lookup.
 */
export async function requireProjectAccess(headers: Headers, projectId: number, roles: Role[]) {
  const viewer = await getViewer(headers);
  if (!viewer) throw new AppError("unauthorized", "sign in first");
  // Project and membership in one statement (a hot path: every task and vote asks).
  const found = await getProjectWithRole(projectId, viewer.id);
  if (!found) throw new AppError("not_found", `project ${projectId} not found`);
  const { project, memberRole } = found;
  if (viewer.role !== "admin") {
    if (!roles.includes(viewer.role)) throw new AppError("forbidden", "your role may not do this");
    const owned = viewer.role === "researcher" && project.ownerId === viewer.id;
    if (!owned && (!memberRole || !roles.includes(memberRole))) {
      throw new AppError("forbidden", "you are not a member of this project in that role");
    }
  }
  return { viewer, project };
}
