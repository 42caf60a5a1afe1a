// POST /api/projects/{id}/tasks/{imageId}/skip - give a leased image back to the pool without voting.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { requireProjectImage } from "@/lib/projects/projects";
import { releaseLease } from "@/lib/tasks/leases";
import { isPendingRepeat } from "@/lib/tasks/policies/repeat-answers";

type Context = { params: Promise<{ id: string; imageId: string }> };

export const POST = route(async (request: Request, { params }: Context) => {
  const { id, imageId } = await params;
  const projectId = idParam(id, "project");
  const image = idParam(imageId, "image");
  const { viewer } = await requireProjectAccess(request.headers, projectId, ["annotator", "researcher"]);
  // A hidden repeat holds no lease (lib/tasks/policies/repeats.ts); it answers the same as a leased task.
  const released =
    (await releaseLease(projectId, image, viewer.id)) || (await isPendingRepeat(projectId, image, viewer.id));
  // Nothing to release: still a 404 for an image of another project, as on every route.
  if (!released) await requireProjectImage(projectId, image);
  return NextResponse.json({ released });
});
