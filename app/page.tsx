// Home: the projects the viewer may see, with image and vote counts (from running counts, no vote
// scan). Annotators get a link to annotate; researchers and admins to the dashboards.
import Link from "next/link";
import { redirect } from "next/navigation";
import { pageViewer } from "@/lib/auth/page";
import { listProjectsWithCounts } from "@/lib/projects/projects";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const viewer = await pageViewer();
  if (!viewer) redirect("/signin?next=%2F");
  const projects = await listProjectsWithCounts(viewer);
  const annotator = viewer.role === "annotator";
  return (
    <section>
      <div style={{ display: "flex", alignItems: "center", justifyContent: "space-between" }}>
        <h1>{annotator ? "Your projects" : "Projects"}</h1>
        {!annotator && <Link href="/projects/new">New project</Link>}
      </div>
      {projects.length === 0 ? (
        <p className="muted">
          {annotator
            ? "You have not joined a project yet: open the invite link you were given."
            : "No projects yet. Create one, or import one with `npm run -s chorus -- import`."}
        </p>
      ) : (
        <table className="data card">
          <thead>
            <tr>
              <th>Project</th>
              {!annotator && <th>Labels</th>}
              <th className="num">Images</th>
              {!annotator && <th className="num">Votes</th>}
              {!annotator && <th className="num">Target votes / image</th>}
            </tr>
          </thead>
          <tbody>
            {projects.map((project) => (
              <tr key={project.id}>
                <td>
                  <Link href={annotator ? `/annotate/${project.id}` : `/projects/${project.id}`}>
                    {project.name}
                  </Link>
                </td>
                {!annotator && <td className="muted">{project.labels.join(", ")}</td>}
                <td className="num">{project.images.toLocaleString("en-US")}</td>
                {!annotator && <td className="num">{project.votes.toLocaleString("en-US")}</td>}
                {!annotator && <td className="num">{project.targetVotes}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
