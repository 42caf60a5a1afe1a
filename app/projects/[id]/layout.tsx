// Project frame: its name and the navigation tabs, shown to those allowed to see the project (each
// page checks access again, since layouts are not re-run on client navigation).
import { headers } from "next/headers";
import { getViewer } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { idParam } from "@/lib/http/route";
import { ProjectTabs } from "./project-tabs";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  // An id idParam refuses (0x10, 2^31, ...) shows no frame; the page answers 404.
  const projectId = (() => {
    try {
      return idParam(id, "project");
    } catch {
      return null;
    }
  })();
  const viewer = projectId !== null ? await getViewer(await headers()).catch(() => null) : null;
  const project =
    viewer &&
    projectId !== null &&
    (await db.project.findFirst({
      where: {
        id: projectId,
        // Only researchers of the project (or admins) see its name and tabs.
        ...(viewer.role === "admin"
          ? {}
          : viewer.role === "researcher"
            ? {
                OR: [
                  { ownerId: viewer.id },
                  { members: { some: { userId: viewer.id, role: "researcher" } } },
                ],
              }
            : { id: -1 }),
      },
      select: { id: true, name: true },
    }));
  return (
    <div>
      {project && (
        <header className="project-header">
          <h1 className="project-title">{project.name}</h1>
          <ProjectTabs projectId={project.id} />
        </header>
      )}
      {children}
    </div>
  );
}
