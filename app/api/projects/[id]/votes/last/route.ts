// DELETE /api/projects/{id}/votes/last - undo the caller's last vote (within 10 s); the image is leased back.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { parseProjectSettings } from "@/lib/projects/settings";
import { hiddenRepeatAnswers } from "@/lib/tasks/policies/repeat-answers";
import { undoLastVote } from "@/lib/votes/undo-vote";

type Context = { params: Promise<{ id: string }> };

export const DELETE = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const { leaseSeconds } = parseProjectSettings(project.settings);
  return NextResponse.json(
    await undoLastVote({ project, annotatorId: viewer.id, leaseSeconds, repeats: hiddenRepeatAnswers }),
  );
});
