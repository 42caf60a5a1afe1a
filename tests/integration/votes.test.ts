// Voting API: exactly-once votes, errors that name the field and change nothing, undo in 10 s.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { fetchNext, getVotes, postVote, undoLast, type NextTaskBody } from "../helpers/annotation-api";
import { createTestUser } from "../helpers/auth";

const LABELS = ["neutral", "happiness", "unknown"];

async function setup(name: string) {
  const { project, imageIds } = await createProjectWithImages({
    name,
    labels: LABELS,
    targetVotes: 3,
    images: 4,
  });
  const annotator = await createTestUser("annotator", { projectId: project.id });
  return { project, imageIds, annotator };
}

async function errorOf(response: Response) {
  return (
    (await response.json()) as { error: { code: string; message: string; fields?: { path: string }[] } }
  ).error;
}

describe("POST /api/projects/{id}/votes", () => {
  it("stores one vote for a retried idempotency key, also when the retries race", async () => {
    const { project, imageIds, annotator } = await setup("idempotent");
    const vote = {
      imageId: imageIds[0],
      label: "happiness",
      durationMs: 1834,
      idempotencyKey: "key-0001-abcdef",
    };
    const first = await postVote(project.id, annotator.headers, vote);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { vote: { id: number; label: string }; replayed: boolean };
    expect(firstBody).toMatchObject({ replayed: false, vote: { label: "happiness", durationMs: 1834 } });

    const retries = await Promise.all(
      [1, 2, 3, 4, 5].map(() => postVote(project.id, annotator.headers, vote)),
    );
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ replayed: true, vote: { id: firstBody.vote.id } });
    }
    const racedKey = { ...vote, imageId: imageIds[1], idempotencyKey: "key-0002-abcdef" };
    const raced = await Promise.all(
      [1, 2, 3, 4].map(() => postVote(project.id, annotator.headers, racedKey)),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);

    expect(await db.vote.count({ where: { annotatorId: annotator.id } })).toBe(2);
    const image = await db.image.findUniqueOrThrow({ where: { id: imageIds[0] } });
    expect(image.counts).toEqual([0, 1, 0]);
    expect(image.voteCount).toBe(1);
    const stored = await db.vote.findFirstOrThrow({ where: { imageId: imageIds[0] } });
    expect(stored).toMatchObject({
      label: 1,
      durationMs: 1834,
      source: "chorus",
      idempotencyKey: "key-0001-abcdef",
    });
  });

  it("answers 409 for a second vote on the same image and for a key reused on another answer", async () => {
    const { project, imageIds, annotator } = await setup("conflicts");
    await postVote(project.id, annotator.headers, {
      imageId: imageIds[0],
      label: "neutral",
      durationMs: 900,
      idempotencyKey: "first-answer",
    });
    const again = await postVote(project.id, annotator.headers, {
      imageId: imageIds[0],
      label: "unknown",
      durationMs: 900,
      idempotencyKey: "second-answer",
    });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).fields?.[0]?.path).toBe("imageId");
    const reused = await postVote(project.id, annotator.headers, {
      imageId: imageIds[1],
      label: "neutral",
      durationMs: 900,
      idempotencyKey: "first-answer",
    });
    expect(reused.status).toBe(409);
    expect((await errorOf(reused)).fields?.[0]?.path).toBe("idempotencyKey");
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("rejects bad input with 400 naming the field, unknown ids with 404, and stores nothing", async () => {
    const { project, imageIds, annotator } = await setup("bad-input");
    const good = { imageId: imageIds[0], label: "neutral", durationMs: 900, idempotencyKey: "bad-input-key" };
    const cases: [unknown, number, string][] = [
      [{ ...good, label: "joy" }, 400, "label"],
      [{ ...good, durationMs: -1 }, 400, "durationMs"],
      [{ ...good, durationMs: 10 * 60 * 1000 + 1 }, 400, "durationMs"],
      [{ ...good, durationMs: 1.5 }, 400, "durationMs"],
      [{ ...good, idempotencyKey: "short" }, 400, "idempotencyKey"],
      [{ ...good, imageId: "7" }, 400, "imageId"],
      [{ ...good, imageId: 987654 }, 404, ""],
    ];
    for (const [body, status, field] of cases) {
      const response = await postVote(project.id, annotator.headers, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const error = await errorOf(response);
      if (field) expect(error.fields?.map((f) => f.path)).toContain(field);
    }
    const other = await createProjectWithImages({ name: "other-project", labels: LABELS, images: 1 });
    const foreignImage = await postVote(project.id, annotator.headers, {
      ...good,
      imageId: other.imageIds[0],
    });
    expect(foreignImage.status).toBe(404);
    expect((await postVote(999999, annotator.headers, good)).status).toBe(404);
    expect((await postVote(project.id, new Headers(), good)).status).toBe(401);
    // Not a member of the other project: 404, as for an unknown project (issue 13 item 7).
    expect(
      (await postVote(other.project.id, annotator.headers, { ...good, imageId: other.imageIds[0] })).status,
    ).toBe(404);
    expect(await db.vote.count({ where: { projectId: { in: [project.id, other.project.id] } } })).toBe(0);
    expect((await db.image.findUniqueOrThrow({ where: { id: imageIds[0] } })).voteCount).toBe(0);
  });

  it("releases the annotator's lease in the vote's transaction", async () => {
    const { project, annotator } = await setup("release");
    const task = ((await (await fetchNext(project.id, annotator.headers)).json()) as NextTaskBody).task!;
    expect(await db.taskLease.count({ where: { annotatorId: annotator.id } })).toBe(1);
    await postVote(project.id, annotator.headers, {
      imageId: task.imageId,
      label: "neutral",
      durationMs: 700,
      idempotencyKey: "release-key",
    });
    expect(await db.taskLease.count({ where: { annotatorId: annotator.id } })).toBe(0);
  });
});

describe("DELETE /api/projects/{id}/votes/last", () => {
  it("undoes the last vote within 10 s (counts go back down) and refuses older votes", async () => {
    const { project, imageIds, annotator } = await setup("undo");
    await postVote(project.id, annotator.headers, {
      imageId: imageIds[0],
      label: "neutral",
      durationMs: 700,
      idempotencyKey: "undo-key-1",
    });
    await postVote(project.id, annotator.headers, {
      imageId: imageIds[1],
      label: "unknown",
      durationMs: 700,
      idempotencyKey: "undo-key-2",
    });
    const undone = await undoLast(project.id, annotator.headers);
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({
      vote: { imageId: imageIds[1], label: "unknown" },
      task: { imageId: imageIds[1] },
    });
    expect((await db.image.findUniqueOrThrow({ where: { id: imageIds[1] } })).counts).toEqual([0, 0, 0]);
    // The undone image is leased back so the annotator can answer it again.
    expect(await db.taskLease.count({ where: { annotatorId: annotator.id, imageId: imageIds[1] } })).toBe(1);

    await db.$executeRaw`UPDATE votes SET created_at = created_at - interval '11 seconds'`;
    const late = await undoLast(project.id, annotator.headers);
    expect(late.status).toBe(409);
    expect((await errorOf(late)).message).toMatch(/10 seconds/);
    expect(await db.vote.count({ where: { annotatorId: annotator.id } })).toBe(1);
    const stranger = await createTestUser("annotator", { projectId: project.id });
    expect((await undoLast(project.id, stranger.headers)).status).toBe(404);
  });
});

describe("GET /api/projects/{id}/votes", () => {
  it("shows annotators their own votes only; researchers see everyone's", async () => {
    const { project, imageIds, annotator } = await setup("listing");
    const other = await createTestUser("annotator", { projectId: project.id });
    await postVote(project.id, annotator.headers, {
      imageId: imageIds[0],
      label: "neutral",
      durationMs: 700,
      idempotencyKey: "list-key-1",
    });
    await postVote(project.id, other.headers, {
      imageId: imageIds[0],
      label: "happiness",
      durationMs: 700,
      idempotencyKey: "list-key-2",
    });
    const own = (await (await getVotes(project.id, annotator.headers)).json()) as {
      votes: { annotatorId: string }[];
    };
    expect(own.votes.map((v) => v.annotatorId)).toEqual([annotator.id]);
    expect((await getVotes(project.id, annotator.headers, `?annotatorId=${other.id}`)).status).toBe(403);
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const all = (await (await getVotes(project.id, researcher.headers)).json()) as { votes: unknown[] };
    expect(all.votes).toHaveLength(2);
    // A researcher account that joined this project as an annotator annotates blind here too.
    const joined = await createTestUser("researcher");
    await db.projectMember.create({ data: { projectId: project.id, userId: joined.id, role: "annotator" } });
    const mine = (await (await getVotes(project.id, joined.headers)).json()) as { votes: unknown[] };
    expect(mine.votes).toHaveLength(0);
    expect((await getVotes(project.id, joined.headers, `?annotatorId=${other.id}`)).status).toBe(403);
  });
});
