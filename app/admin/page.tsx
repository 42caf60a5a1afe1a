// /admin - admins manage accounts (create, change role, reset password) and see every project.
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/page";
import { listUsersWithVoteCounts } from "@/lib/auth/users";
import { listProjectsForAdmin } from "@/lib/projects/queries";
import { UsersPanel } from "./users-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin - Chorus" };

export default async function AdminPage() {
  const admin = await requirePageRole("/admin", ["admin"]);
  const [users, projects] = await Promise.all([listUsersWithVoteCounts(), listProjectsForAdmin()]);
  return (
    <div className="form">
      <section className="card">
        <h1>Accounts</h1>
        <UsersPanel
          selfId={admin.id}
          initial={users.map((user) => ({
            id: user.id,
            // Annotators have placeholder addresses; their worker id says more.
            email: user.role === "annotator" ? "" : user.email,
            name: user.name,
            role: user.role,
            workerId: user.workerId,
            votes: user._count.votes,
          }))}
        />
      </section>
      <section className="card">
        <h2>Projects</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Project</th>
              <th>Owner</th>
              <th className="num">Images</th>
              <th className="num">Members</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {projects.map((project) => (
              <tr key={project.id}>
                <td>
                  <Link href={`/projects/${project.id}`}>{project.name}</Link>
                </td>
                <td>{project.owner?.email ?? "none"}</td>
                <td className="num">{project._count.images}</td>
                <td className="num">{project._count.members}</td>
                <td>
                  <Link href={`/projects/${project.id}/settings`}>Settings</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
