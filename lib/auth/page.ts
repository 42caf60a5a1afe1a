// Guards for pages (server components): the same checks as route handlers, answered the way a
// browser expects: signed out -> the sign-in page, not allowed -> 403 page, unknown -> 404 page.
import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { AppError } from "../errors";
import type { Role } from "../generated/prisma/client";
import { getViewer, requireProjectAccess, requireRole, type ProjectAccess } from "./guard";
import type { Viewer } from "./viewer";

function answer(error: unknown, next: string): never {
  if (error instanceof AppError) {
    if (error.code === "unauthorized") redirect(`/signin?next=${encodeURIComponent(next)}`);
    if (error.code === "forbidden") forbidden();
    if (error.code === "not_found") notFound();
  }
  throw error;
}

/** The signed-in viewer of a page, or null (never throws for a bad cookie). */
export async function pageViewer(): Promise<Viewer | null> {
  try {
    return await getViewer(await headers());
  } catch {
    return null;
  }
}

/** requireRole for a page at `path`. */
export async function requirePageRole(path: string, roles: Role[]): Promise<Viewer> {
  try {
    return await requireRole(await headers(), roles);
  } catch (error) {
    answer(error, path);
  }
}

/** requireProjectAccess for a page at `path`: the viewer, the project and their role in it. */
export async function requirePageProjectAccess(
  path: string,
  projectId: number,
  roles: Role[],
): Promise<ProjectAccess> {
  try {
    return await requireProjectAccess(await headers(), projectId, roles);
  } catch (error) {
    answer(error, path);
  }
}
