// A paused annotator's votes stay in the database but leave the counts (stats, exports, training
// read images.counts) while the project's excludePausedAnnotators switch is on.
import { beforeAll, describe, expect, it } from "vitest";
import { loadCountRows } from "../../lib/analytics/counts";
import { connectExportClient, streamImages } from "../../lib/export/sql";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { updateProjectSettings } from "../../lib/projects/update-settings";
import { setAnnotatorPaused } from "../../lib/projects/paused-annotators";
import { createTestUser } from "../helpers/auth";
import { POST } from "../../app/api/projects/[id]/annotators/[userId]/pause/route";

let projectId = 0;
let imageId = 0;
let careful = "";
let spammer = "";

const counts = async () => (await db.image.findUniqueOrThrow({ where: { id: imageId } })).counts;

beforeAll(async () => {
  projectId = (await createProject({ name: "paused", labels: ["a", "b", "c"], targetVotes: 5 })).id;
  await db.imageBlob.create({
    data: { sha256: "p".repeat(64), data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  imageId = (
    await db.image.create({
      data: { projectId, sha256: "p".repeat(64), externalName: "p.png", counts: [0, 0, 0] },
    })
  ).id;
  careful = (await createTestUser("annotator", { projectId })).id;
  spammer = (await createTestUser("annotator", { projectId })).id;
  await db.vote.create({ data: { projectId, imageId, annotatorId: careful, label: 0 } });
  await db.vote.create({ data: { projectId, imageId, annotatorId: spammer, label: 2 } });
  await db.vote.create({
    data: { projectId, imageId, label: 1, source: "import", externalAnnotatorId: "x" },
  });
});

describe("pausing an annotator", () => {
  it("removes their votes from the counts and stats, keeps them in the database", async () => {
    expect(await counts()).toEqual([1, 1, 1]);
    const result = await setAnnotatorPaused(projectId, spammer, true);
    expect(result.pausedAt).toBeInstanceOf(Date);
    expect(result.recounted).toBe(1);
    expect(await counts()).toEqual([1, 1, 0]);
    expect((await db.image.findUniqueOrThrow({ where: { id: imageId } })).voteCount).toBe(2);
    expect((await loadCountRows(projectId)).rows).toEqual([[1, 1, 0]]);
    expect(await db.vote.count({ where: { imageId, annotatorId: spammer } })).toBe(1);
  });

  it("keeps the counts consistent when a paused annotator votes or undoes", async () => {
    const second = (
      await db.image.create({
        data: { projectId, sha256: "p".repeat(64), externalName: "q.png", counts: [0, 0, 0] },
      })
    ).id;
    const vote = await db.vote.create({
      data: { projectId, imageId: second, annotatorId: spammer, label: 1 },
    });
    expect((await db.image.findUniqueOrThrow({ where: { id: second } })).counts).toEqual([0, 0, 0]);
    await db.vote.delete({ where: { id: vote.id } });
    expect((await db.image.findUniqueOrThrow({ where: { id: second } })).counts).toEqual([0, 0, 0]);
    await expect(
      db.vote.create({ data: { projectId, imageId: second, annotatorId: spammer, label: 3 } }),
    ).rejects.toThrow(/outside the label set/);
  });

  it("leaves their votes out of per-vote exports while the switch is on", async () => {
    const exportedVotes = async () => {
      const client = await connectExportClient();
      try {
        const options = { projectId, labels: ["a", "b", "c"], filters: {}, include: { votes: true } };
        const records = [];
        for await (const record of streamImages(client, options)) records.push(record);
        return records
          .find((r) => r.id === imageId)!
          .votes!.map((v) => v.label)
          .sort();
      } finally {
        await client.end();
      }
    };
    expect(await exportedVotes()).toEqual([0, 1]);
    await updateProjectSettings(projectId, { excludePausedAnnotators: false });
    expect(await exportedVotes()).toEqual([0, 1, 2]);
    await updateProjectSettings(projectId, { excludePausedAnnotators: true });
  });

  it("includes them again when the project switch is off, and after unpausing", async () => {
    await updateProjectSettings(projectId, { excludePausedAnnotators: false });
    expect(await counts()).toEqual([1, 1, 1]);
    await updateProjectSettings(projectId, { excludePausedAnnotators: true });
    expect(await counts()).toEqual([1, 1, 0]);
    await setAnnotatorPaused(projectId, spammer, false);
    expect(await counts()).toEqual([1, 1, 1]);
  });

  it("POST .../annotators/{userId}/pause: researchers only, body validated", async () => {
    const researcher = await createTestUser("researcher", { projectId });
    const annotator = await createTestUser("annotator", { projectId });
    const call = (headers: Headers, body: unknown) =>
      POST(new Request("http://test/pause", { method: "POST", headers, body: JSON.stringify(body) }), {
        params: Promise.resolve({ id: String(projectId), userId: spammer }),
      });
    expect((await call(annotator.headers, { paused: true })).status).toBe(403);
    const bad = await call(researcher.headers, { paused: "yes" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(JSON.stringify(await bad.json())).toContain("paused");
    expect(await counts()).toEqual([1, 1, 1]);
    expect((await call(researcher.headers, { paused: true })).status).toBe(200);
    expect(await counts()).toEqual([1, 1, 0]);
  });
});
