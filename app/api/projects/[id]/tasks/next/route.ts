// GET /api/projects/{id}/tasks/next?exclude=1,2 - lease the caller's next image (annotators, researchers).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { nextTask } from "@/lib/tasks/next-task";
import { nextTaskQuerySchema } from "@/lib/tasks/task-query";
import { countVotesBy } from "@/lib/votes/list-votes";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const url = new URL(request.url);
  const { exclude } = nextTaskQuerySchema.parse({ exclude: url.searchParams.get("exclude") || undefined });
  const [task, myVotes] = await Promise.all([
    nextTask({ projectId, annotatorId: viewer.id, exclude, project }),
    countVotesBy(projectId, viewer.id),
  ]);
  return NextResponse.json(
    { task, labels: project.labels, myVotes, done: task === null },
    { headers: { "cache-control": "no-store" } },
  );
});
