// Project frame: its name and the navigation tabs, shown to those allowed to see the project (each
// page checks access again, since layouts are not re-run on client navigation).
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getViewer } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { idParam } from "@/lib/http/route";
import { ProjectTabs } from "./project-tabs";

/** The project's id and name when the viewer may see it (researchers of the project, admins), else null. */
async function visibleProject(rawId: string) {
  // An id idParam refuses (0x10, 2^31, ...) shows no frame; the page answers 404.
  const projectId = (() => {
    try {
      return idParam(rawId, "project");
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
  return project || null;
}

/** Tabs say the project and the page ("Gallery · FER+ · Chorus"); pages set their part as `title`. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const project = await visibleProject((await params).id);
  const name = project ? project.name : "Project";
  return { title: { template: `%s · ${name} · Chorus`, default: `${name} · Chorus` } };
}

export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  const project = await visibleProject((await params).id);
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
