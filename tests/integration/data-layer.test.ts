// The data-layer convention on the real database: the named reads that replaced pages' own queries
// (project totals, the visible project frame, the admin lists, an image's bytes), the one order of
// "latest published model", pg-boss's table read only through lib/jobs/inspect.ts, and the lint rule
// that keeps lib/db out of app/, lib/ambiguity and lib/model.
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { loadImageDetail } from "../../lib/analytics/image-detail";
import { latestPredictedModel } from "../../lib/analytics/model-panels";
import { listUsers, listUsersWithVoteCounts } from "../../lib/auth/users";
import { db } from "../../lib/db";
import { findImageBlob, findImageFileRef } from "../../lib/images/files";
import { failActiveAttempt, listOpenJobs } from "../../lib/jobs/inspect";
import { enqueue, stopBoss } from "../../lib/jobs/queue";
import { maybeScheduleRetrain } from "../../lib/model-store/schedule";
import { findWarmStartModel } from "../../lib/model-store/warm-start";
import {
  createModelVersion,
  latestPublishedModel,
  listPublishedModels,
} from "../../lib/model-store/versions";
import { createProject } from "../../lib/projects/projects";
import { findVisibleProject, listProjectsForAdmin, projectTotals } from "../../lib/projects/queries";
import { createVotedProject } from "../helpers/voted-project";

afterAll(() => stopBoss());

/** A published model row with that publication time (the weights are a stand-in). */
async function publishedModel(projectId: number, publishedAt: Date, settings: object = {}) {
  const version = await createModelVersion({ projectId, paradigm: "soft", settings, voteCount: 0 });
  return db.modelVersion.update({
    where: { id: version.id },
    data: {
      status: "published",
      publishedAt,
      metrics: { classes: ["x", "y"] },
      topology: {},
      weightSpecs: [],
      weights: Buffer.from([1]),
    },
  });
}

describe("project totals", () => {
  it("counts images and counted votes from the running counts, zero for an empty project", async () => {
    const { project } = await createVotedProject({ name: "dl-totals", perSplit: 2, votesPerImage: 3 });
    const votes = await db.vote.count({ where: { projectId: project.id } });
    expect(votes).toBe(18);
    expect(await projectTotals(project.id)).toEqual({ images: 6, votes });
    const empty = await createProject({ name: "dl-totals-empty", labels: ["x", "y"] });
    expect(await projectTotals(empty.id)).toEqual({ images: 0, votes: 0 });
  });
});

describe("latest published model", () => {
  it("is the last published, not the last created, and the same for every reader", async () => {
    const project = await createProject({ name: "dl-latest", labels: ["x", "y"] });
    expect(await latestPublishedModel(project.id)).toBeNull();
    // The run created first finished last: it is the latest.
    const early = await publishedModel(project.id, new Date("2026-01-02T00:00:00Z"), { epochs: 5 });
    const late = await publishedModel(project.id, new Date("2026-01-01T00:00:00Z"), { epochs: 9 });
    expect(late.id).toBeGreaterThan(early.id);
    await createModelVersion({ projectId: project.id, paradigm: "soft", settings: {}, voteCount: 0 });
    expect((await latestPublishedModel(project.id))?.id).toBe(early.id);
    expect((await listPublishedModels(project.id, 5)).map((model) => model.id)).toEqual([early.id, late.id]);
    // Warm start takes the same model (same size and classes for both).
    const tiny = { modelSize: "tiny", inputNorm: "range", batchNorm: false, convBlocks: 3 } as const;
    expect((await findWarmStartModel(project.id, tiny, ["x", "y"]))?.id).toBeUndefined();
    // Settings stored before inputNorm, batchNorm and convBlocks existed read as [-1, 1] scaling without
    // batch norm, three conv blocks.
    await db.modelVersion.updateMany({
      where: { projectId: project.id },
      data: { settings: { modelSize: "tiny" } },
    });
    expect((await findWarmStartModel(project.id, tiny, ["x", "y"]))?.id).toBe(early.id);
    expect(await findWarmStartModel(project.id, { ...tiny, inputNorm: "perImage" }, ["x", "y"])).toBeNull();
    expect(await findWarmStartModel(project.id, { ...tiny, batchNorm: true }, ["x", "y"])).toBeNull();
    expect(await findWarmStartModel(project.id, { ...tiny, convBlocks: 4 }, ["x", "y"])).toBeNull();
  });

  it("with predictions: skips a newer model whose predictions are not written yet", async () => {
    const { project, imageIds } = await createVotedProject({ name: "dl-predicted", perSplit: 1 });
    const older = await publishedModel(project.id, new Date("2026-02-01T00:00:00Z"));
    const newer = await publishedModel(project.id, new Date("2026-02-02T00:00:00Z"));
    await db.prediction.create({
      data: { modelId: older.id, imageId: imageIds[0]!, distribution: [1, 0, 0, 0] },
    });
    expect((await latestPublishedModel(project.id))?.id).toBe(newer.id);
    expect((await latestPublishedModel(project.id, { withPredictions: true }))?.id).toBe(older.id);
    expect((await latestPredictedModel(project.id))?.id).toBe(older.id);
    // The image page shows the latest published model that predicted the image, in the same order:
    // a model created earlier but published later wins over one created later.
    const republished = await publishedModel(project.id, new Date("2026-02-03T00:00:00Z"));
    const earlierId = await db.modelVersion.update({
      where: { id: older.id },
      data: { publishedAt: new Date("2026-02-04T00:00:00Z") },
    });
    await db.prediction.create({
      data: { modelId: republished.id, imageId: imageIds[0]!, distribution: [0, 1, 0, 0] },
    });
    expect(earlierId.id).toBeLessThan(republished.id);
    expect((await loadImageDetail(imageIds[0]!))?.prediction?.model.id).toBe(older.id);
    expect((await latestPredictedModel(project.id))?.id).toBe(older.id);
  });

  it("gives the retrain its settings", async () => {
    const { project } = await createVotedProject({
      name: "dl-retrain",
      perSplit: 2,
      settings: { retrainEveryVotes: 1 },
    });
    await publishedModel(project.id, new Date("2026-03-02T00:00:00Z"), { paradigm: "soft", epochs: 3 });
    await publishedModel(project.id, new Date("2026-03-01T00:00:00Z"), { paradigm: "soft", epochs: 7 });
    await db.modelVersion.updateMany({ where: { projectId: project.id }, data: { voteCount: 0 } });
    const scheduled = await maybeScheduleRetrain(project.id);
    expect(scheduled.scheduled).toBe(true);
    const [job] = await listOpenJobs("train", project.id);
    expect((job?.data.settings as { epochs?: number }).epochs).toBe(3);
  });
});

describe("pg-boss's job table through lib/jobs/inspect", () => {
  it("lists a project's open jobs of one name, and fails only an active attempt", async () => {
    const project = await createProject({ name: "dl-jobs", labels: ["x", "y"] });
    const other = await createProject({ name: "dl-jobs-other", labels: ["x", "y"] });
    const id = await enqueue("train", { projectId: project.id, settings: { paradigm: "pld" } });
    await enqueue("train", { projectId: other.id, settings: {} });
    const jobs = await listOpenJobs("train", project.id);
    expect(jobs.map((job) => [job.id, job.state])).toEqual([[id, "created"]]);
    expect(jobs[0]!.data).toMatchObject({ projectId: project.id, settings: { paradigm: "pld" } });
    expect(await listOpenJobs("predict", project.id)).toEqual([]);
    // A waiting job has no active attempt: nothing is failed and it stays open.
    expect(await failActiveAttempt(id!, new Date(), "test")).toBe(false);
    expect(await listOpenJobs("train", project.id)).toHaveLength(1);
  });
});

describe("named reads for pages", () => {
  it("shows a project's frame to admins and its researchers only", async () => {
    const owner = await db.user.create({
      data: { id: "dl-owner", email: "o@dl.test", name: "O", role: "researcher" },
    });
    const stranger = await db.user.create({
      data: { id: "dl-other", email: "s@dl.test", name: "S", role: "researcher" },
    });
    const annotator = await db.user.create({
      data: { id: "dl-ann", email: "a@dl.test", name: "A", role: "annotator" },
    });
    const project = await createProject({ name: "dl-frame", labels: ["x", "y"] }, owner.id);
    await db.projectMember.create({
      data: { projectId: project.id, userId: annotator.id, role: "annotator" },
    });
    const frame = { id: project.id, name: "dl-frame" };
    expect(await findVisibleProject(project.id, owner)).toEqual(frame);
    expect(await findVisibleProject(project.id, { id: "nobody", role: "admin" })).toEqual(frame);
    expect(await findVisibleProject(project.id, stranger)).toBeNull();
    expect(await findVisibleProject(project.id, annotator)).toBeNull();
    await db.projectMember.create({
      data: { projectId: project.id, userId: stranger.id, role: "researcher" },
    });
    expect(await findVisibleProject(project.id, stranger)).toEqual(frame);

    const admin = await listProjectsForAdmin();
    expect(admin.find((row) => row.id === project.id)).toMatchObject({
      owner: { email: "o@dl.test" },
      _count: { images: 0, members: 2 },
    });
    const users = await listUsers();
    expect(users.find((user) => user.id === "dl-owner")).toEqual({
      id: "dl-owner",
      email: "o@dl.test",
      name: "O",
      role: "researcher",
      workerId: null,
      createdAt: expect.any(Date),
    });
    const counted = await listUsersWithVoteCounts();
    expect(counted.find((user) => user.id === "dl-ann")?._count.votes).toBe(0);
  });

  it("finds an image's project and hash, then its bytes", async () => {
    const { project, imageIds } = await createVotedProject({ name: "dl-file", perSplit: 1 });
    const ref = await findImageFileRef(imageIds[0]!);
    expect(ref?.projectId).toBe(project.id);
    const blob = await findImageBlob(ref!.sha256);
    expect(blob?.format).toBe("png");
    expect(Array.from(blob!.data)).toEqual([0]);
    expect(await findImageFileRef(2_000_000_000)).toBeNull();
    expect(await findImageBlob("no-such-hash")).toBeNull();
  });
});

describe("lint: lib/db stays out of pages, routes and the pure cores", () => {
  const eslint = new ESLint();
  const restricted = async (filePath: string, source: string) => {
    const [result] = await eslint.lintText(`${source}\nexport const used = db;\n`, { filePath });
    return result!.messages.some((message) => message.ruleId === "no-restricted-imports");
  };

  it("refuses the client in app/, lib/ambiguity and lib/model, and allows it in a domain", async () => {
    expect(await restricted("app/projects/[id]/probe/page.tsx", 'import { db } from "@/lib/db";')).toBe(true);
    expect(await restricted("app/api/probe/route.ts", 'import { db } from "../../../lib/db";')).toBe(true);
    expect(await restricted("lib/ambiguity/probe.ts", 'import { db } from "../db";')).toBe(true);
    expect(await restricted("lib/model/paradigms/probe.ts", 'import { db } from "../../db";')).toBe(true);
    // The training core's old loader had an exception; loading lives in lib/model-store now.
    expect(await restricted("lib/model/data.ts", 'import { db } from "../db";')).toBe(true);
    expect(await restricted("lib/analytics/probe.ts", 'import { db } from "../db";')).toBe(false);
  });
});
