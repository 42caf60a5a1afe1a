// Researcher-only access for the project dashboards, answered the way a browser expects (through
// lib/auth/page.ts): signed out -> /signin, unknown project -> 404 page, signed in without the
// researcher role on this project -> 403 page (app/forbidden.tsx), with those HTTP statuses.
import { notFound } from "next/navigation";
import { requirePageProjectAccess } from "@/lib/auth/page";
import type { Project } from "@/lib/projects/projects";
import type { Viewer } from "@/lib/auth/viewer";
import { idParam } from "@/lib/http/route";
import { AppError } from "@/lib/errors";

// Refusals are thrown (403/404 pages, sign-in redirect): what returns is always access.
export type Access = { projectId: number; viewer: Viewer; project: Project };

function projectIdOrNotFound(value: string): number {
  try {
    return idParam(value, "project");
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
}

/**
 * Checks that the viewer is a researcher (or admin) of project `value`, and returns the project so the
 * page need not load it again; redirects when signed out.
 */
export async function researcherAccess(value: string, nextPath: string): Promise<Access> {
  const projectId = projectIdOrNotFound(value);
  const { viewer, project } = await requirePageProjectAccess(nextPath, projectId, ["researcher"]);
  return { projectId, viewer, project };
}
