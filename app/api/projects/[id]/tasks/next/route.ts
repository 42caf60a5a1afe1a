// GET /api/projects/{id}/tasks/next?exclude=1,2 - lease the caller's next image (annotators, researchers).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { nextTaskQuerySchema } from "@/lib/tasks/task-query";
import { nextTaskResponse } from "@/lib/tasks/task-response";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const url = new URL(request.url);
  const { exclude } = nextTaskQuerySchema.parse({ exclude: url.searchParams.get("exclude") || undefined });
  return NextResponse.json(await nextTaskResponse({ project, annotatorId: viewer.id, exclude }), {
    headers: { "cache-control": "no-store" },
  });
});
