// Assignment: fair, never past the target, never an image twice to the same annotator.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { fetchNext, postVote, type NextTaskBody } from "../helpers/annotation-api";
import { createTestUser } from "../helpers/auth";

const LABELS = ["a", "b", "c"];

describe("GET /api/projects/{id}/tasks/next with 50 concurrent annotators", () => {
  it("ends with every image at exactly the target and nobody voting twice", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "crowd",
      labels: LABELS,
      targetVotes: 3,
      images: 20,
    });
    const annotators = await Promise.all(
      Array.from({ length: 50 }, () => createTestUser("annotator", { projectId: project.id })),
    );

    let maxSeen = 0;
    await Promise.all(
      annotators.map(async (annotator, index) => {
        for (let step = 0; step < 40; step++) {
          const response = await fetchNext(project.id, annotator.headers);
          expect(response.status).toBe(200);
          const body = (await response.json()) as NextTaskBody;
          if (!body.task) return;
          const image = await db.image.findUniqueOrThrow({ where: { id: body.task.imageId } });
          maxSeen = Math.max(maxSeen, image.voteCount);
          const vote = await postVote(project.id, annotator.headers, {
            imageId: body.task.imageId,
            label: LABELS[(index + step) % LABELS.length],
            durationMs: 1200,
            idempotencyKey: `k-${annotator.id}-${step}`,
          });
          expect(vote.status).toBe(201);
        }
        throw new Error("annotator never ran out of tasks");
      }),
    );

    const images = await db.image.findMany({ where: { projectId: project.id } });
    expect(images).toHaveLength(imageIds.length);
    for (const image of images) {
      expect(image.voteCount).toBe(3);
      expect(image.counts.reduce((sum, count) => sum + count, 0)).toBe(3);
    }
    expect(maxSeen).toBeLessThan(3);
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(60);
    const doubled = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT 1 FROM votes GROUP BY image_id, annotator_id HAVING count(*) > 1) d`;
    expect(Number(doubled[0]?.n)).toBe(0);
    expect(await db.taskLease.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("leases", () => {
  it("reserve an image: with target 1 a second annotator gets another image until the lease expires", async () => {
    const { project } = await createProjectWithImages({
      name: "leases",
      labels: LABELS,
      targetVotes: 1,
      images: 2,
    });
    const [alice, bob, carol] = await Promise.all(
      [1, 2, 3].map(() => createTestUser("annotator", { projectId: project.id })),
    );
    const first = ((await (await fetchNext(project.id, alice!.headers)).json()) as NextTaskBody).task!;
    const second = ((await (await fetchNext(project.id, bob!.headers)).json()) as NextTaskBody).task!;
    expect(second.imageId).not.toBe(first.imageId);
    const none = (await (await fetchNext(project.id, carol!.headers)).json()) as NextTaskBody;
    expect(none.task).toBeNull();

    // Alice's lease runs out: her image returns to the pool.
    await db.taskLease.updateMany({
      where: { annotatorId: alice!.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const freed = ((await (await fetchNext(project.id, carol!.headers)).json()) as NextTaskBody).task!;
    expect(freed.imageId).toBe(first.imageId);
  });

  it("give a reloaded page the image it holds, and the next one when it is excluded", async () => {
    const { project } = await createProjectWithImages({
      name: "reload",
      labels: LABELS,
      targetVotes: 3,
      images: 5,
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const first = ((await (await fetchNext(project.id, annotator.headers)).json()) as NextTaskBody).task!;
    const again = ((await (await fetchNext(project.id, annotator.headers)).json()) as NextTaskBody).task!;
    expect(again.imageId).toBe(first.imageId);
    const prefetched = (
      (await (await fetchNext(project.id, annotator.headers, [first.imageId])).json()) as NextTaskBody
    ).task!;
    expect(prefetched.imageId).not.toBe(first.imageId);
  });

  it("serve least-voted images first, random among ties, and never one the annotator voted on", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "order",
      labels: LABELS,
      targetVotes: 5,
      images: 12,
    });
    const voter = await createTestUser("annotator", { projectId: project.id });
    // Images 0..5 get one vote from `voter`; 6..11 stay at zero.
    for (const [index, imageId] of imageIds.slice(0, 6).entries()) {
      const seeded = await postVote(project.id, voter.headers, {
        imageId,
        label: "a",
        durationMs: 500,
        idempotencyKey: `seed-vote-${index}`,
      });
      expect(seeded.status).toBe(201);
    }
    const firstPicks = new Set<number>();
    for (let trial = 0; trial < 12; trial++) {
      const fresh = await createTestUser("annotator", { projectId: project.id });
      const task = ((await (await fetchNext(project.id, fresh.headers)).json()) as NextTaskBody).task!;
      expect(imageIds.slice(6)).toContain(task.imageId);
      firstPicks.add(task.imageId);
      await db.taskLease.deleteMany({ where: { annotatorId: fresh.id } });
    }
    // 12 draws among 6 tied images: all the same would happen with probability 6 * (1/6)^12.
    expect(firstPicks.size).toBeGreaterThan(1);

    const seen = new Set<number>();
    for (;;) {
      const body = (await (await fetchNext(project.id, voter.headers)).json()) as NextTaskBody;
      if (!body.task) break;
      expect(imageIds.slice(0, 6)).not.toContain(body.task.imageId);
      expect(seen.has(body.task.imageId)).toBe(false);
      seen.add(body.task.imageId);
      const voted = await postVote(project.id, voter.headers, {
        imageId: body.task.imageId,
        label: "b",
        durationMs: 500,
        idempotencyKey: `vote-image-${body.task.imageId}`,
      });
      expect(voted.status).toBe(201);
    }
    expect(seen.size).toBe(6);
  });
});
