// POST /api/projects/{id}/annotators/{userId}/pause - pause or unpause an annotator ({ paused: boolean }).
// Their votes stay; while the project excludes paused annotators they leave the counts
// (lib/projects/paused-annotators.ts).
// The pause holds in this project only; a user who is not a member of it is a 404.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { pauseRequestSchema as bodySchema, setAnnotatorPaused } from "@/lib/projects/paused-annotators";

type Context = { params: Promise<{ id: string; userId: string }> };

export const POST = route(async (request: Request, { params }: Context) => {
  const { id, userId } = await params;
  const projectId = idParam(id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body = bodySchema.parse(await readJson(request));
  const result = await setAnnotatorPaused(projectId, userId, body.paused);
  return NextResponse.json(result);
});
