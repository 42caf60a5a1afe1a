// Researcher-only access for the project dashboards: signed out -> /signin, signed in without the
// researcher role on this project -> a clear "forbidden" page (rendered by the caller).
import { headers } from "next/headers";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireProjectRole, type Viewer } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";

export type Access =
  { allowed: true; projectId: number; viewer: Viewer } | { allowed: false; projectId: number };

/** Checks that the viewer is a researcher (or admin) of project `idParam`; redirects when signed out. */
export async function researcherAccess(idParam: string, nextPath: string): Promise<Access> {
  const projectId = Number(idParam);
  if (!Number.isSafeInteger(projectId) || projectId <= 0) notFound();
  try {
    const viewer = await requireProjectRole(await headers(), projectId, ["researcher"]);
    return { allowed: true, projectId, viewer };
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized") {
      redirect(`/signin?next=${encodeURIComponent(nextPath)}`);
    }
    if (error instanceof AppError && error.code === "forbidden") return { allowed: false, projectId };
    throw error;
  }
}

/** What a signed-in user without access sees. */
export function Forbidden() {
  return (
    <section className="card forbidden" role="alert">
      <h1>Forbidden</h1>
      <p>
        This page is for the researchers of this project. You are signed in, but not as one of them. Ask the
        project&apos;s owner to add you as a researcher.
      </p>
      <p>
        <Link href="/">Back to your projects</Link>
      </p>
    </section>
  );
}
