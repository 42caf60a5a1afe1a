// GET /api/projects/{id}/tasks/next?exclude=1,2 - lease the caller's next image (annotators, researchers).
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { excludeIdsSchema } from "@/lib/tasks/schemas";
import { nextTaskResponse } from "@/lib/tasks/task-response";

type Context = { params: Promise<{ id: string }> };

const excludeSchema = z
  .string()
  .regex(/^\d+(,\d+)*$/, "comma-separated image ids")
  .transform((value) => value.split(",").map(Number))
  .pipe(excludeIdsSchema)
  .optional();

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const url = new URL(request.url);
  const exclude = z
    .object({ exclude: excludeSchema })
    .parse({ exclude: url.searchParams.get("exclude") || undefined }).exclude;
  return NextResponse.json(await nextTaskResponse({ project, annotatorId: viewer.id, exclude }), {
    headers: { "cache-control": "no-store" },
  });
});
