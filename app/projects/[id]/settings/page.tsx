// /projects/{id}/settings - upload images and manage invite links (researchers of the project, admins).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { inviteUrl, listInvites } from "@/lib/auth/invites";
import { requirePageProjectAccess } from "@/lib/auth/page";
import { db } from "@/lib/db";
import { idParam } from "@/lib/http/route";
import { parseProjectSettings } from "@/lib/projects/settings";
import { splitOverview } from "@/lib/splits/store";
import { AnnotatorGuideForm } from "./annotator-guide-form";
import { DeleteProjectForm } from "./delete-project-form";
import { InvitesPanel } from "./invites-panel";
import { ProjectSettingsForm } from "./project-settings-form";
import { SplitPanel } from "./split-panel";
import { UploadForm } from "./upload-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  let projectId: number;
  try {
    projectId = idParam(raw, "project");
  } catch {
    notFound();
  }
  const { project } = await requirePageProjectAccess(`/projects/${raw}/settings`, projectId, ["researcher"]);
  const [invites, images, annotators, splits] = await Promise.all([
    listInvites(project.id),
    db.image.count({ where: { projectId: project.id } }),
    db.projectMember.count({ where: { projectId: project.id, role: "annotator" } }),
    splitOverview(project.id),
  ]);
  // The split ratios have their own panel, the annotator guide its own form; the settings form edits the rest.
  const {
    splitRatios: _ratios,
    splitSeed: _seed,
    instructions,
    instructionExamples,
    tasksPerAnnotator,
    completionCode,
    completionUrl,
    ...flatSettings
  } = parseProjectSettings(project.settings);
  return (
    <div className="form">
      <section className="card">
        <h2>Images</h2>
        <p>
          {images.toLocaleString("en-US")} images; labels {project.labels.join(", ")}; {project.targetVotes}{" "}
          votes wanted per image. <Link href={`/annotate/${project.id}`}>Try the annotation page</Link>.
        </p>
        <UploadForm projectId={project.id} />
      </section>
      <section className="card">
        <h2>Train, valid and test splits</h2>
        <p className="muted">
          Training learns on train, picks its epoch on valid and never reads test. Images uploaded without a
          split are placed by their content hash, so the same face always lands in the same split.
        </p>
        <SplitPanel projectId={project.id} initial={splits} />
      </section>
      <section className="card">
        <h2>Invite links</h2>
        <p className="muted">
          Anyone who opens a link becomes an annotator of this project ({annotators} so far). Crowd platforms
          may append
          <code> ?workerId=...</code>; it is kept on the annotator.
        </p>
        <InvitesPanel
          projectId={project.id}
          initial={invites.map((invite) => ({
            id: invite.id,
            url: inviteUrl(invite.token),
            createdAt: invite.createdAt.toISOString(),
            expiresAt: invite.expiresAt?.toISOString() ?? null,
            revokedAt: invite.revokedAt?.toISOString() ?? null,
          }))}
        />
      </section>
      <section className="card">
        <h2>Assignment and quality settings</h2>
        <p className="muted">
          How tasks are chosen and annotators checked (see the Quality control section of the README). Changes
          apply to the next task.
        </p>
        <ProjectSettingsForm
          projectId={project.id}
          initial={{ ...flatSettings, targetVotes: project.targetVotes }}
        />
      </section>
      <section className="card">
        <h2>Annotator guide and completion</h2>
        <p className="muted">
          Instructions before the first face, how many faces each annotator is asked for, and what a crowd
          platform (Prolific, MTurk, Toloka) needs at the end. See docs/researchers.md.
        </p>
        <AnnotatorGuideForm
          projectId={project.id}
          initial={{ instructions, instructionExamples, tasksPerAnnotator, completionCode, completionUrl }}
        />
      </section>
      <section className="card">
        <h2>Delete the project</h2>
        <DeleteProjectForm projectId={project.id} name={project.name} />
      </section>
    </div>
  );
}
