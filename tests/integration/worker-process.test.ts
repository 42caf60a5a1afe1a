// The real worker process (`tsx workers/main.ts`) with the real lib/model on a tiny project of noise
// faces: votes -> train job -> published model version -> predict job -> predictions; and SIGTERM in
// the middle of training: clean exit, no published half model, the job released for a retry.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { stopBoss } from "../../lib/jobs/queue";
import { enqueueTraining } from "../../lib/model-store/schedule";
import { latestPublishedModel } from "../../lib/model-store/versions";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { createVotedProject } from "../helpers/voted-project";
import { jobRow, killWorkerProcesses, startWorkerProcess, until } from "../helpers/worker-process";

const jobStateOf = async (id: string) => (await jobRow(id))?.state;

const tiny = { modelSize: "tiny" as const, batchSize: 8, augment: false };

afterEach(() => killWorkerProcesses());
afterAll(() => stopBoss());

describe("worker process with the real model", () => {
  it("turns votes into a published model and predictions over the project's full label list", async () => {
    const { project, imageIds } = await createVotedProject({
      name: "real-worker",
      labels: [...FERPLUS_LABELS],
      perSplit: 8,
      unvoted: 3,
      realImages: true,
    });
    const jobId = (await enqueueTraining({
      projectId: project.id,
      settings: { ...tiny, paradigm: "pll", epochs: 2 },
    }))!;
    const worker = startWorkerProcess();
    const model = await until("a published model", () => latestPublishedModel(project.id), 150_000);
    expect(model).toMatchObject({ paradigm: "pll", jobId, voteCount: 24 * 3 });
    expect(model.epochs).toHaveLength(2);
    expect(worker.output()).toMatch(/tfjs backend: \w+/);
    const predictions = await until(
      "predictions for every image",
      async () => {
        const rows = await db.prediction.findMany({ where: { modelId: model.id } });
        return rows.length === imageIds.length ? rows : undefined;
      },
      60_000,
    );
    const unknown = FERPLUS_LABELS.indexOf("unknown");
    for (const { distribution } of predictions) {
      expect(distribution).toHaveLength(FERPLUS_LABELS.length);
      expect(distribution[unknown]).toBe(0);
      expect(distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 240_000);

  it("on SIGTERM mid-training exits 0, publishes nothing and leaves the job to be retried", async () => {
    const { project } = await createVotedProject({
      name: "sigterm",
      labels: [...FERPLUS_LABELS],
      perSplit: 8,
      realImages: true,
    });
    const jobId = (await enqueueTraining({
      projectId: project.id,
      settings: { ...tiny, paradigm: "soft", epochs: 400 },
    }))!;
    const worker = startWorkerProcess();
    const run = await until(
      "the first epoch",
      async () => {
        const row = await db.modelVersion.findFirst({ where: { projectId: project.id } });
        return row && (row.epochs as unknown[]).length >= 1 ? row : undefined;
      },
      150_000,
    );
    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    // Within the launcher's 15 s grace: training stopped after its current batch.
    expect(Date.now() - signalled).toBeLessThan(15_000);
    const after = await db.modelVersion.findUniqueOrThrow({ where: { id: run.id } });
    expect(after).toMatchObject({ status: "failed", weights: null, publishedAt: null });
    expect(after.error).toMatch(/interrupted: SIGTERM received/);
    expect((after.epochs as unknown[]).length).toBeLessThan(400);
    expect(await latestPublishedModel(project.id)).toBeNull();
    expect(await jobStateOf(jobId)).toBe("retry");
    expect(worker.output()).toMatch(/released for retry/);
  }, 240_000);
});
