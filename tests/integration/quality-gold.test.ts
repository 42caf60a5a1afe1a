// Gold images: marking them, mixing them into the task stream at goldRate (past the target), and
// scoring annotators on them in the quality report.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { parseProjectSettings } from "../../lib/projects/settings";
import { loadAnnotatorQuality } from "../../lib/analytics/annotator-quality";
import { leaseGoldTask, markGoldFromCounts, setGoldDistribution } from "../../lib/tasks/policies/gold";
import { nextTask } from "../../lib/tasks/next-task";
import { createTestUser } from "../helpers/auth";

let projectId = 0;
const ids: number[] = [];

beforeAll(async () => {
  projectId = (await createProject({ name: "gold", labels: ["a", "b", "c"], targetVotes: 1 })).id;
  await db.project.update({
    where: { id: projectId },
    data: { settings: { goldRate: 0.5, minGoldAnswers: 1 } },
  });
  await db.imageBlob.create({
    data: { sha256: "g".repeat(64), data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  for (let i = 0; i < 3; i++) {
    const image = await db.image.create({
      data: { projectId, sha256: "g".repeat(64), externalName: `g${i}.png`, counts: [0, 0, 0] },
    });
    ids.push(image.id);
  }
  // The first image already has its one (target) vote: 8 of 10 panelists said "a".
  await db.vote.create({
    data: { projectId, imageId: ids[0]!, label: 0, source: "import", externalAnnotatorId: "x" },
  });
});

describe("gold images", () => {
  it("validates the reference and changes nothing on bad input", async () => {
    await expect(setGoldDistribution(projectId, ids[0]!, [1, 0])).rejects.toMatchObject({
      code: "bad_request",
      field: "distribution",
    });
    await expect(setGoldDistribution(projectId, ids[0]!, [0, 0, 0])).rejects.toMatchObject({
      field: "distribution",
    });
    const [row] = await db.$queryRaw<
      { gold: number[] | null }[]
    >`SELECT gold_distribution AS gold FROM images WHERE id = ${ids[0]!}`;
    expect(row!.gold).toBeNull();
    expect(await setGoldDistribution(projectId, ids[0]!, [8, 1, 1])).toEqual([0.8, 0.1, 0.1]);
    expect(await markGoldFromCounts(projectId, [ids[1]!])).toBe(0); // no votes: not marked
  });

  it("leases a gold image at the goldRate, even past the target", async () => {
    const annotator = await createTestUser("annotator", { projectId });
    const settings = parseProjectSettings({ goldRate: 0.5 });
    const base = { projectId, annotatorId: annotator.id, settings, exclude: [] };
    expect(await leaseGoldTask({ ...base, random: () => 0.7 })).toBeNull();
    expect((await leaseGoldTask({ ...base, random: () => 0.2 }))?.imageId).toBe(ids[0]);
    expect(
      await leaseGoldTask({ ...base, settings: parseProjectSettings({ goldRate: 0 }), random: () => 0 }),
    ).toBeNull();
  });

  it("mixes gold into nextTask for some annotators, not all", async () => {
    const annotators = await Promise.all(
      Array.from({ length: 40 }, () => createTestUser("annotator", { projectId })),
    );
    const first = await Promise.all(annotators.map((a) => nextTask({ projectId, annotatorId: a.id })));
    const gold = first.filter((task) => task?.imageId === ids[0]).length;
    // Binomial(40, 0.5): outside [8, 32] with probability below 1e-4.
    expect(gold).toBeGreaterThanOrEqual(8);
    expect(gold).toBeLessThanOrEqual(32);
  });

  it("scores annotators on gold answers in the quality report", async () => {
    const good = await createTestUser("annotator", { projectId });
    const bad = await createTestUser("annotator", { projectId });
    await db.vote.create({
      data: { projectId, imageId: ids[0]!, annotatorId: good.id, label: 0, durationMs: 2000 },
    });
    await db.vote.create({
      data: { projectId, imageId: ids[0]!, annotatorId: bad.id, label: 2, durationMs: 2000 },
    });
    const reports = await loadAnnotatorQuality(projectId);
    const goodReport = reports.find((r) => r.id === good.id)!;
    const badReport = reports.find((r) => r.id === bad.id)!;
    // Reference (0.8, 0.1, 0.1) smoothed with e = 0.05: p~ = 0.95 p + 0.05/3.
    expect(goodReport.report.gold!.score).toBeCloseTo(Math.log(0.95 * 0.8 + 0.05 / 3), 10);
    expect(badReport.report.gold!.score).toBeCloseTo(Math.log(0.95 * 0.1 + 0.05 / 3), 10);
    expect(badReport.report.flags).toContain("low_gold_score");
    expect(goodReport.report.flags).not.toContain("low_gold_score");
    expect(badReport.trend).toHaveLength(1);
  });
});

describe("PUT /api/projects/{id}/images/{imageId}/gold", () => {
  it("marks and unmarks gold for researchers, 4xx naming the field otherwise", async () => {
    const { PUT } = await import("../../app/api/projects/[id]/images/[imageId]/gold/route");
    const researcher = await createTestUser("researcher", { projectId });
    const annotator = await createTestUser("annotator", { projectId });
    const call = (headers: Headers, body: unknown) =>
      PUT(new Request("http://test/gold", { method: "PUT", headers, body: JSON.stringify(body) }), {
        params: Promise.resolve({ id: String(projectId), imageId: String(ids[2]) }),
      });
    expect((await call(annotator.headers, { distribution: [1, 0, 0] })).status).toBe(403);
    const bad = await call(researcher.headers, { distribution: [1, 0] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("distribution");
    const ok = await call(researcher.headers, { distribution: [1, 1, 2] });
    expect(await ok.json()).toEqual({ imageId: ids[2], distribution: [0.25, 0.25, 0.5] });
    expect((await call(researcher.headers, { distribution: null })).status).toBe(200);
    const [row] = await db.$queryRaw<
      { gold: number[] | null }[]
    >`SELECT gold_distribution AS gold FROM images WHERE id = ${ids[2]!}`;
    expect(row!.gold).toBeNull();
  });
});
