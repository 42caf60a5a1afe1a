// Who is asking, and may they? Every page and route handler that shows or changes project data
// calls requireProjectAccess (or requireRole) with the request's headers; roles are enforced here,
// on the server, never in the browser.
import { db } from "../db";
import { AppError } from "../errors";
import type { Project, Role } from "../generated/prisma/client";
import { getProjectWithRole } from "../projects/projects";
import { bearerToken, userIdForApiToken } from "./api-tokens";
import { sessionUser } from "./session";
import type { Viewer } from "./viewer";

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

/** What requireProjectAccess found: who asks, the project, and the role they act in there. */
export interface ProjectAccess {
  viewer: Viewer;
  project: Project;
  /** "admin" for admins; "researcher" for a researcher who owns the project; else the membership's. */
  role: Role;
}

/**
 * The viewer, who must act on project `projectId` in one of `roles`, with the project (loaded once,
 * so routes never look it up again). Admins pass on every project; researchers on projects they own
 * or joined as researchers; annotators on projects they joined. 401 signed out; 404 for an unknown
 * project and for a project the viewer is no member of (a non-member cannot tell the two apart);
 * 403 for a member whose account role or role in this project is not in `roles`.
 */
export async function requireProjectAccess(
  headers: Headers,
  projectId: number,
  roles: Role[],
): Promise<ProjectAccess> {
  const viewer = await getViewer(headers);
  if (!viewer) throw new AppError("unauthorized", "sign in first");
  // Project and membership in one statement (a hot path: every task and vote asks).
  const found = await getProjectWithRole(projectId, viewer.id);
  const role = found && projectRole(viewer, found.project, found.memberRole);
  if (!found || !role) throw new AppError("not_found", `project ${projectId} not found`);
  if (role !== "admin" && (!roles.includes(viewer.role) || !roles.includes(role))) {
    throw new AppError("forbidden", "your role in this project may not do this");
  }
  return { viewer, project: found.project, role };
}

/** The role `viewer` holds in `project`, or null when they are no member of it. */
function projectRole(viewer: Viewer, project: Project, memberRole: Role | null): Role | null {
  if (viewer.role === "admin") return "admin";
  // Ownership counts while the owner is a researcher; a demoted owner is a member only if they joined.
  if (viewer.role === "researcher" && project.ownerId === viewer.id) return "researcher";
  return memberRole;
}
