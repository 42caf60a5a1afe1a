// POST /api/projects/{id}/votes - record the caller's vote { imageId, label, durationMs, idempotencyKey }.
// GET  /api/projects/{id}/votes?annotatorId=&cursor= - list votes: researchers any, annotators only their own.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { listVotes, listVotesQuerySchema } from "@/lib/votes/list-votes";
import { maybeScheduleRetrain } from "@/lib/model-store/schedule";
import { parseProjectSettings } from "@/lib/projects/settings";
import { recordVote } from "@/lib/votes/record-vote";

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const body: unknown = await readJson(request);
  const { vote, replayed } = await recordVote({ project, annotatorId: viewer.id, vote: body });
  // The automatic retrain check runs off the response path (a failure there must not fail the vote),
  // and only for projects that turned it on: the project row is already loaded, so the default
  // (off) costs the hot path no query.
  if (!replayed && parseProjectSettings(project.settings).retrainEveryVotes > 0) {
    void maybeScheduleRetrain(projectId).catch((error: unknown) => console.error(error));
  }
  return NextResponse.json({ vote, replayed }, { status: replayed ? 200 : 201 });
});

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const query = listVotesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const annotatorId = query.annotatorId ?? (viewer.role === "annotator" ? viewer.id : undefined);
  // Blind annotation: an annotator never sees anyone else's votes.
  if (viewer.role === "annotator" && annotatorId !== viewer.id) {
    throw new AppError("forbidden", "annotators only see their own votes");
  }
  return NextResponse.json(
    await listVotes({ project, annotatorId, cursor: query.cursor, limit: query.limit }),
  );
});
