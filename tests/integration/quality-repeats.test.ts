// Hidden repeats: an image the annotator voted on comes back (after the delay, at most once), looks
// like any other task, and its answer lands in quality_repeats, never in votes or the counts.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { loadAnnotatorQuality } from "../../lib/analytics/annotator-quality";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { fetchNext, postVote, undoLast, type NextTaskBody } from "../helpers/annotation-api";
import { createTestUser } from "../helpers/auth";
import { POST as skipPost } from "../../app/api/projects/[id]/tasks/[imageId]/skip/route";

function skipTask(projectId: number, imageId: number, headers: Headers): Promise<Response> {
  return skipPost(
    new Request(`http://chorus.test/api/projects/${projectId}/tasks/${imageId}/skip`, {
      method: "POST",
      headers,
    }),
    { params: Promise.resolve({ id: String(projectId), imageId: String(imageId) }) },
  );
}

const LABELS = ["a", "b", "c"];

async function next(projectId: number, headers: Headers): Promise<NextTaskBody> {
  const response = await fetchNext(projectId, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as NextTaskBody;
}

describe("hidden repeats", () => {
  it("serve a voted image again once; the answer goes to quality_repeats; self-agreement is computed", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "repeats",
      labels: LABELS,
      targetVotes: 1,
      images: 2,
      settings: { repeatRate: 1, repeatAfterTasks: 0 },
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });

    // Nothing voted yet: an ordinary task, voted with label "a".
    const first = await next(project.id, annotator.headers);
    const firstImage = first.task!.imageId;
    const vote = await postVote(project.id, annotator.headers, {
      imageId: firstImage,
      label: "a",
      durationMs: 900,
      idempotencyKey: "first-vote-1",
    });
    expect(vote.status).toBe(201);
    const countsBefore = await db.image.findMany({
      where: { projectId: project.id },
      orderBy: { id: "asc" },
      select: { counts: true, voteCount: true },
    });

    // repeatRate 1, delay 0: the voted image comes back, in the same response shape as any task.
    const repeat = await next(project.id, annotator.headers);
    expect(repeat.task?.imageId).toBe(firstImage);
    expect(Object.keys(repeat.task!).sort()).toEqual(Object.keys(first.task!).sort());
    expect(Object.keys(repeat).sort()).toEqual(Object.keys(first).sort());

    const body = { imageId: firstImage, label: "b", durationMs: 800, idempotencyKey: "repeat-answer-1" };
    const answered = await postVote(project.id, annotator.headers, body);
    expect(answered.status).toBe(201);
    expect(((await answered.json()) as { replayed: boolean }).replayed).toBe(false);
    // The same key again is a replay, another label with it a 409 naming the key.
    const replay = await postVote(project.id, annotator.headers, body);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { replayed: boolean }).replayed).toBe(true);
    const reused = await postVote(project.id, annotator.headers, { ...body, label: "c" });
    expect(reused.status).toBe(409);
    expect(JSON.stringify(await reused.json())).toContain("idempotencyKey");
    // A third answer with a new key: the repeat is used up, so it is the ordinary 409.
    const third = await postVote(project.id, annotator.headers, {
      ...body,
      idempotencyKey: "third-answer-1",
    });
    expect(third.status).toBe(409);

    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(1);
    const repeats = await db.qualityRepeat.findMany({ where: { projectId: project.id } });
    expect(repeats).toHaveLength(1);
    expect(repeats[0]).toMatchObject({ imageId: firstImage, firstLabel: 0, label: 1, durationMs: 800 });
    const countsAfter = await db.image.findMany({
      where: { projectId: project.id },
      orderBy: { id: "asc" },
      select: { counts: true, voteCount: true },
    });
    expect(countsAfter).toEqual(countsBefore);

    // Never twice: the only voted image was repeated, so the next task is the other (new) image.
    const after = await next(project.id, annotator.headers);
    expect(after.task?.imageId).toBe(imageIds.find((id) => id !== firstImage));
    expect(after.myVotes).toBe(2); // the repeat answer counts on the page like any answer

    const [quality] = await loadAnnotatorQuality(project.id);
    expect(quality?.report.selfAgreement).toMatchObject({ repeats: 1, agreement: 0 });
  });

  it("undo after a repeat answer reopens the repeat and keeps the first vote", async () => {
    const { project } = await createProjectWithImages({
      name: "repeats-undo",
      labels: LABELS,
      targetVotes: 1,
      images: 1,
      settings: { repeatRate: 1, repeatAfterTasks: 0 },
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const task = (await next(project.id, annotator.headers)).task!;
    await postVote(project.id, annotator.headers, {
      imageId: task.imageId,
      label: "c",
      durationMs: 900,
      idempotencyKey: "undo-first-1",
    });
    expect((await next(project.id, annotator.headers)).task?.imageId).toBe(task.imageId);
    // Skipping a repeat answers like skipping a leased task.
    const skipped = await skipTask(project.id, task.imageId, annotator.headers);
    expect(await skipped.json()).toEqual({ released: true });
    const repeatBody = { imageId: task.imageId, label: "c", durationMs: 700, idempotencyKey: "undo-rep-1" };
    expect((await postVote(project.id, annotator.headers, repeatBody)).status).toBe(201);
    const undone = await undoLast(project.id, annotator.headers);
    expect(undone.status).toBe(200);
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(1);
    expect((await db.qualityRepeat.findFirstOrThrow({ where: { projectId: project.id } })).label).toBeNull();
    // Answered again (new key): stored in the repeat row; agreement 1 with the first "c".
    const again = await postVote(project.id, annotator.headers, {
      ...repeatBody,
      idempotencyKey: "undo-rep-2",
    });
    expect(again.status).toBe(201);
    const [quality] = await loadAnnotatorQuality(project.id);
    expect(quality?.report.selfAgreement).toMatchObject({ repeats: 1, agreement: 1 });
  });

  it("wait for repeatAfterTasks other votes before repeating an image", async () => {
    const { project } = await createProjectWithImages({
      name: "repeats-delay",
      labels: LABELS,
      targetVotes: 1,
      images: 3,
      settings: { repeatRate: 1, repeatAfterTasks: 2 },
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const served: number[] = [];
    for (let step = 0; step < 4; step++) {
      const task = (await next(project.id, annotator.headers)).task;
      if (!task) break;
      served.push(task.imageId);
      await postVote(project.id, annotator.headers, {
        imageId: task.imageId,
        label: "a",
        durationMs: 900,
        idempotencyKey: `delay-${step}-key`,
      });
    }
    // Three new images first (no vote is 2 votes old before the third), then the first one again.
    expect(served).toHaveLength(4);
    expect(new Set(served.slice(0, 3)).size).toBe(3);
    expect(served[3]).toBe(served[0]);
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(3);
  });
});
