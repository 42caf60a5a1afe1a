// GET /api/projects/{id}/completion - the caller's completion code and return URL, once their work is done.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { loadCompletion } from "@/lib/projects/completion";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  return NextResponse.json(await loadCompletion(project, viewer));
});
