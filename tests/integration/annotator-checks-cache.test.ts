// The annotators page's quality reports come from the stats cache (kind "annotator-checks"): the
// same figures as computing them from every vote, and recomputed whenever one of their inputs moves
// (a vote, an undo followed by another answer, a repeat answer, a gold reference, the settings).
import { beforeAll, describe, expect, it } from "vitest";
import { computeAnnotatorQuality, loadAnnotatorQuality } from "../../lib/analytics/annotator-quality";
import { readStat } from "../../lib/analytics/stats-cache";
import { db } from "../../lib/db";
import { setAnnotatorPaused } from "../../lib/projects/paused-annotators";
import { getProject } from "../../lib/projects/projects";
import { setGoldDistribution } from "../../lib/tasks/policies/gold";
import { createTestUser } from "../helpers/auth";

let projectId = 0;
const imageIds: number[] = [];
const annotators: string[] = [];
let at = Date.UTC(2026, 0, 1);

async function vote(annotatorId: string, imageId: number, label: number, durationMs: number) {
  at += 1000;
  return db.vote.create({
    data: { projectId, imageId, annotatorId, label, durationMs, createdAt: new Date(at) },
  });
}

/** The reports as the page gets them, and as computed from every vote right now. */
async function bothWays() {
  const cached = await loadAnnotatorQuality(projectId);
  const direct = await computeAnnotatorQuality(await getProject(projectId));
  return { cached, direct };
}

async function computedAt(): Promise<number | undefined> {
  return (await readStat(projectId, "annotator-checks"))?.computedAt.getTime();
}

beforeAll(async () => {
  const project = await db.project.create({
    data: {
      name: "checks-cache",
      labels: ["a", "b", "c"],
      targetVotes: 5,
      settings: { minGoldAnswers: 1, minRepeats: 1, straightLineRun: 3 },
    },
  });
  projectId = project.id;
  await db.imageBlob.create({
    data: { sha256: "c".repeat(64), data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  for (let i = 0; i < 6; i++) {
    const image = await db.image.create({
      data: { projectId, sha256: "c".repeat(64), externalName: `c${i}.png`, counts: [0, 0, 0] },
    });
    imageIds.push(image.id);
  }
  for (let i = 0; i < 3; i++) annotators.push((await createTestUser("annotator", { projectId })).id);
  await setGoldDistribution(projectId, imageIds[0]!, [8, 1, 1]);
  await setGoldDistribution(projectId, imageIds[1]!, [1, 1, 8]);
  // Annotator 0 straight-lines "a" and fast; annotator 1 mixes; annotator 2 answers once.
  for (let i = 0; i < 5; i++) await vote(annotators[0]!, imageIds[i]!, 0, 300);
  for (let i = 0; i < 4; i++) await vote(annotators[1]!, imageIds[i]!, i % 3, 1500);
  await vote(annotators[2]!, imageIds[5]!, 2, 900);
  const first = await db.vote.findFirstOrThrow({
    where: { annotatorId: annotators[1]!, imageId: imageIds[2]! },
  });
  await db.qualityRepeat.create({
    data: {
      projectId,
      imageId: imageIds[2]!,
      annotatorId: annotators[1]!,
      firstVoteId: first.id,
      firstLabel: first.label,
      label: 1,
      answeredAt: new Date(at + 500),
    },
  });
});

describe("annotator checks on the stats cache", () => {
  it("gives the figures computed from every vote, and reads them from the cache the second time", async () => {
    const { cached, direct } = await bothWays();
    expect(cached).toEqual(direct);
    expect(direct.map((row) => row.report.answers).sort()).toEqual([1, 4, 5]);
    expect(direct.some((row) => row.report.flags.includes("straight_lining"))).toBe(true);
    expect(direct.some((row) => row.report.selfAgreement !== null)).toBe(true);
    expect(direct.some((row) => row.report.gold !== null)).toBe(true);
    const stamped = await computedAt();
    expect(stamped).toBeDefined();
    expect(await loadAnnotatorQuality(projectId)).toEqual(direct);
    expect(await computedAt()).toBe(stamped);
  });

  it("recomputes after a vote, and after an undo followed by another answer", async () => {
    await vote(annotators[2]!, imageIds[4]!, 1, 800);
    let { cached, direct } = await bothWays();
    expect(cached).toEqual(direct);
    // Same number of answers, another label: the total alone would not notice.
    const last = await db.vote.findFirstOrThrow({
      where: { annotatorId: annotators[2]!, imageId: imageIds[4]! },
    });
    await db.vote.delete({ where: { id: last.id } });
    await vote(annotators[2]!, imageIds[4]!, 2, 800);
    ({ cached, direct } = await bothWays());
    expect(cached).toEqual(direct);
    expect(direct.find((row) => row.id === annotators[2])!.report.longestRunLabel).toBe(2);
  });

  it("recomputes after a repeat answer, a gold reference change and a settings change", async () => {
    const before = await loadAnnotatorQuality(projectId);
    const first = await db.vote.findFirstOrThrow({
      where: { annotatorId: annotators[0]!, imageId: imageIds[1]! },
    });
    await db.qualityRepeat.create({
      data: {
        projectId,
        imageId: imageIds[1]!,
        annotatorId: annotators[0]!,
        firstVoteId: first.id,
        firstLabel: first.label,
        label: 2,
        answeredAt: new Date(at + 700),
      },
    });
    let { cached, direct } = await bothWays();
    expect(cached).toEqual(direct);
    expect(cached).not.toEqual(before);

    await setGoldDistribution(projectId, imageIds[1]!, [8, 1, 1]);
    ({ cached, direct } = await bothWays());
    expect(cached).toEqual(direct);

    await db.project.update({
      where: { id: projectId },
      data: { settings: { minGoldAnswers: 1, minRepeats: 1, straightLineRun: 6 } },
    });
    ({ cached, direct } = await bothWays());
    expect(cached).toEqual(direct);
    expect(direct.some((row) => row.report.flags.includes("straight_lining"))).toBe(false);
  });

  it("shows a pause at once, from the cached reports", async () => {
    await loadAnnotatorQuality(projectId);
    const stamped = await computedAt();
    await setAnnotatorPaused(projectId, annotators[1]!, true);
    const { cached, direct } = await bothWays();
    expect(cached).toEqual(direct);
    expect(cached.find((row) => row.id === annotators[1])!.pausedAt).not.toBeNull();
    expect(await computedAt()).toBe(stamped);
  });
});
