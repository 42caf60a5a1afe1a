// Issue 11, finding 9: a vote on an image never leased could push it past its target (3/3 -> 4/3).
// A vote now needs a live lease, or one granted on the spot by the assignment's rule (below the
// target, live leases counted).
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { fetchNext, postVote } from "../helpers/annotation-api";
import { createTestUser } from "../helpers/auth";

const vote = (imageId: number, key: string) => ({
  imageId,
  label: "a",
  durationMs: 500,
  idempotencyKey: key,
});

describe("votes and the target", () => {
  it("refuses a vote without a lease once the image has its target, so it never passes 3/3", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "full",
      labels: ["a", "b"],
      targetVotes: 3,
      images: 1,
    });
    const imageId = imageIds[0]!;
    const annotators = await Promise.all(
      Array.from({ length: 4 }, () => createTestUser("annotator", { projectId: project.id })),
    );
    const statuses = [];
    for (const [index, annotator] of annotators.entries()) {
      statuses.push(
        (await postVote(project.id, annotator.headers, vote(imageId, `unleased-${index}`))).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 409]);
    expect((await db.image.findUniqueOrThrow({ where: { id: imageId } })).voteCount).toBe(3);
  });

  it("keeps the slot of an annotator holding a live lease: others without one are refused first", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "leased",
      labels: ["a", "b"],
      targetVotes: 2,
      images: 1,
    });
    const imageId = imageIds[0]!;
    const holder = await createTestUser("annotator", { projectId: project.id });
    const next = (await (await fetchNext(project.id, holder.headers)).json()) as {
      task: { imageId: number };
    };
    expect(next.task.imageId).toBe(imageId);
    const others = await Promise.all(
      Array.from({ length: 2 }, () => createTestUser("annotator", { projectId: project.id })),
    );
    expect((await postVote(project.id, others[0]!.headers, vote(imageId, "others-key-0"))).status).toBe(201);
    expect((await postVote(project.id, others[1]!.headers, vote(imageId, "others-key-1"))).status).toBe(409);
    expect((await postVote(project.id, holder.headers, vote(imageId, "holder-key-0"))).status).toBe(201);
    const image = await db.image.findUniqueOrThrow({ where: { id: imageId } });
    expect(image.voteCount).toBe(2);
    expect(await db.taskLease.count({ where: { imageId } })).toBe(0);
  });

  it("a retry of an accepted vote is still answered from the first (200, replayed)", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "retry",
      labels: ["a", "b"],
      targetVotes: 1,
      images: 1,
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    expect((await postVote(project.id, annotator.headers, vote(imageIds[0]!, "retry-key-1"))).status).toBe(
      201,
    );
    const again = await postVote(project.id, annotator.headers, vote(imageIds[0]!, "retry-key-1"));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
  });
});
