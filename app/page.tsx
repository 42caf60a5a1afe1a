// Home: every project with its image and vote counts (from running counts, no vote scan).
import Link from "next/link";
import { listProjectsWithCounts } from "@/lib/projects/projects";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const projects = await listProjectsWithCounts();
  return (
    <section>
      <h1>Projects</h1>
      {projects.length === 0 ? (
        <p className="muted">No projects yet. Import one with `npm run -s chorus -- import`.</p>
      ) : (
        <table className="data card">
          <thead>
            <tr>
              <th>Project</th>
              <th>Labels</th>
              <th className="num">Images</th>
              <th className="num">Votes</th>
              <th className="num">Target votes / image</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((project) => (
              <tr key={project.id}>
                <td>
                  <Link href={`/projects/${project.id}`}>{project.name}</Link>
                </td>
                <td className="muted">{project.labels.join(", ")}</td>
                <td className="num">{project.images.toLocaleString("en-US")}</td>
                <td className="num">{project.votes.toLocaleString("en-US")}</td>
                <td className="num">{project.targetVotes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
