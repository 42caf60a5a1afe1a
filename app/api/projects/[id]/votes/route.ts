// POST /api/projects/{id}/votes - record the caller's vote { imageId, label, durationMs, idempotencyKey },
//   and with { next: true, exclude?: [ids] } also lease their next task (the GET tasks/next body, as `next`).
// GET  /api/projects/{id}/votes?annotatorId=&cursor= - list votes: researchers any, annotators only their own.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { listVotes, listVotesQuerySchema } from "@/lib/votes/list-votes";
import { maybeScheduleRetrain } from "@/lib/model-store/schedule";
import { parseProjectSettings } from "@/lib/projects/settings";
import { hiddenRepeatAnswers } from "@/lib/tasks/policies/repeat-answers";
import { nextTaskResponse } from "@/lib/tasks/task-response";
import { recordVote } from "@/lib/votes/record-vote";
import { voteNextSchema } from "@/lib/votes/schemas";

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const body: unknown = await readJson(request);
  const wanted = voteNextSchema.parse(body);
  const { vote, replayed } = await recordVote({
    project,
    annotatorId: viewer.id,
    vote: body,
    repeats: hiddenRepeatAnswers,
  });
  // The automatic retrain check runs off the response path (a failure there must not fail the vote),
  // and only for projects that turned it on: the project row is already loaded, so the default
  // (off) costs the hot path no query.
  if (!replayed && parseProjectSettings(project.settings).retrainEveryVotes > 0) {
    void maybeScheduleRetrain(projectId).catch((error: unknown) => console.error(error));
  }
  // The vote is stored at this point: a failure to find the next task must not fail it (the client
  // would resend it), so it answers `next: null` and the page falls back to GET tasks/next.
  const next = wanted.next
    ? await nextTaskResponse({ project, annotatorId: viewer.id, exclude: wanted.exclude }).catch(
        (error: unknown) => {
          console.error(error);
          return null;
        },
      )
    : undefined;
  return NextResponse.json(
    { vote, replayed, ...(next !== undefined ? { next } : {}) },
    { status: replayed ? 200 : 201, headers: { "cache-control": "no-store" } },
  );
});

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer, project, role } = await requireProjectAccess(request.headers, projectId, [
    "annotator",
    "researcher",
  ]);
  const query = listVotesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const annotatorId = query.annotatorId ?? (role === "annotator" ? viewer.id : undefined);
  // Blind annotation: whoever annotates in this project (a researcher account that joined it as an
  // annotator too) never sees anyone else's votes; the project role decides, not the account role.
  if (role === "annotator" && annotatorId !== viewer.id) {
    throw new AppError("forbidden", "annotators only see their own votes");
  }
  return NextResponse.json(
    await listVotes({ project, annotatorId, cursor: query.cursor, limit: query.limit }),
  );
});
