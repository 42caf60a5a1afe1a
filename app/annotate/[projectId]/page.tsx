// /annotate/{projectId} - the annotation page (annotators of the project, its researchers, admins).
import type { Metadata } from "next";
import { requirePageProjectAccess } from "@/lib/auth/page";
import { idParam } from "@/lib/http/route";
import { parseProjectSettings } from "@/lib/projects/settings";
import { countVotesBy } from "@/lib/votes/list-votes";
import { notFound } from "next/navigation";
import { Annotator } from "./annotator";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Annotate - Chorus" };

export default async function AnnotatePage({ params }: { params: Promise<{ projectId: string }> }) {
  const raw = (await params).projectId;
  let projectId: number;
  try {
    projectId = idParam(raw, "project");
  } catch {
    notFound();
  }
  const { viewer, project } = await requirePageProjectAccess(`/annotate/${raw}`, projectId, [
    "annotator",
    "researcher",
  ]);
  const votes = await countVotesBy(project.id, viewer.id);
  const settings = parseProjectSettings(project.settings);
  return (
    <Annotator
      projectId={project.id}
      projectName={project.name}
      labels={project.labels}
      initialVotes={votes}
      guide={{
        instructions: settings.instructions,
        examples: settings.instructionExamples,
        quota: settings.tasksPerAnnotator,
      }}
    />
  );
}
