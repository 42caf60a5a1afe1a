// The worker on real PostgreSQL and pg-boss, with a stand-in for lib/model (the ML core has its own
// tests; tests/integration/worker-process.test.ts runs the real one in a child process): votes ->
// train job -> model version -> predict job -> predictions; stop mid-training; bad payloads.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { enqueue, getBoss, stopBoss } from "../../lib/jobs/queue";
import { startWorker, type RunningWorker } from "../../lib/jobs/worker";
import { setModelLibForTests } from "../../lib/model-store/ml";
import { enqueueTraining, maybeScheduleRetrain } from "../../lib/model-store/schedule";
import { latestPublishedModel } from "../../lib/model-store/versions";
import { trainSettingsSchema } from "../../lib/model/settings";
import { jobs } from "../../workers/registry";
import { modelStandIn } from "../helpers/model-stand-in";
import { addVotes, createVotedProject } from "../helpers/voted-project";

let worker: RunningWorker | undefined;
const quiet = () => undefined;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function jobRow(id: string) {
  const { rows } = await (
    await getBoss()
  )
    .getDb()
    .executeSql("SELECT state, retry_count, output FROM pgboss.job WHERE id = $1::uuid", [id]);
  return rows[0] as { state: string; retry_count: number; output: { message?: string } | null } | undefined;
}

afterEach(async () => {
  await worker?.stop("test done");
  worker = undefined;
  setModelLibForTests(undefined);
});
afterAll(() => stopBoss());

describe("worker plumbing", () => {
  it("turns votes into a published model version and predictions for every image", async () => {
    setModelLibForTests(modelStandIn({ classCount: 3 }));
    const { project, imageIds } = await createVotedProject({
      name: "plumbing",
      unvoted: 2,
      settings: { retrainEveryVotes: 30 },
    });
    // 12 voted images x 3 votes = 36 >= 30: due. A second trigger while it waits is collapsed.
    const first = await maybeScheduleRetrain(project.id);
    expect(first).toMatchObject({ scheduled: true, newVotes: 36, threshold: 30 });
    expect(first.jobId).toEqual(expect.any(String));
    expect((await maybeScheduleRetrain(project.id)).jobId).toBeNull();
    // A researcher's request is queued beside it; the same request twice only once.
    const manual = {
      projectId: project.id,
      settings: { paradigm: "pll" as const, epochs: 1 },
      reason: "manual" as const,
    };
    expect(await enqueueTraining(manual)).toEqual(expect.any(String));
    expect(await enqueueTraining(manual)).toBeNull();

    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    // The automatic and the manual job may run in either order: wait for the automatic one's model.
    const model = await until("the automatic retrain's published model", () =>
      db.modelVersion.findFirst({
        where: { projectId: project.id, jobId: first.jobId!, status: "published" },
      }),
    );
    expect(await latestPublishedModel(project.id)).toMatchObject({ status: "published" });
    // The first automatic retrain of a project trains the default paradigm.
    expect(model).toMatchObject({
      paradigm: "soft",
      status: "published",
      voteCount: 36,
      backend: "stand-in",
    });
    expect(model.epochs).toHaveLength(trainSettingsSchema.parse({}).epochs);
    expect(model.durationMs).toEqual(expect.any(Number));
    expect(model.jobId).toBe(first.jobId);
    await until("the train job to complete", async () => (await jobRow(first.jobId!))?.state === "completed");

    const predictions = await until("predictions for all images", async () => {
      const rows = await db.prediction.findMany({
        where: { modelId: model.id },
        orderBy: { imageId: "asc" },
      });
      return rows.length === imageIds.length ? rows : undefined;
    });
    expect(predictions.map((p) => p.imageId)).toEqual([...imageIds].sort((a, b) => a - b));
    for (const { distribution } of predictions) {
      // 4 project labels, 3 model classes: the 4th label is 0; votes were on labels 0 and 1 (2:1).
      expect(distribution).toHaveLength(4);
      expect(distribution[3]).toBe(0);
      expect(distribution[0]).toBeCloseTo(2 / 3, 5);
      expect(distribution[1]).toBeCloseTo(1 / 3, 5);
    }
    // The model's own vote count is the new baseline: not due again until 30 more votes.
    expect(await maybeScheduleRetrain(project.id)).toMatchObject({ scheduled: false, newVotes: 0 });
    await addVotes(project.id, imageIds[0]!, 30, 4, "more");
    expect(await maybeScheduleRetrain(project.id)).toMatchObject({ scheduled: true, newVotes: 30 });
  });

  it("on stop mid-training: no published model, the run is failed and the job retried", async () => {
    setModelLibForTests(modelStandIn({ epochMs: 300 }));
    const { project } = await createVotedProject({ name: "interrupted" });
    const jobId = (await enqueueTraining({
      projectId: project.id,
      settings: { epochs: 50 },
      reason: "manual",
    }))!;
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    const running = await until("a run with epochs", async () => {
      const row = await db.modelVersion.findFirst({ where: { projectId: project.id } });
      return row && (row.epochs as unknown[]).length >= 1 ? row : undefined;
    });
    expect(running.status).toBe("training");

    const stoppedAt = Date.now();
    await worker.stop("SIGTERM received");
    worker = undefined;
    // Stops after the current "batch" (300 ms), well before the 50 epochs.
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const after = await db.modelVersion.findUniqueOrThrow({ where: { id: running.id } });
    expect(after.status).toBe("failed");
    expect(after.error).toMatch(/interrupted: SIGTERM received/);
    expect(after.weights).toBeNull();
    expect(await latestPublishedModel(project.id)).toBeNull();
    expect(await jobRow(jobId)).toMatchObject({ state: "retry" });

    // A fresh worker picks the released job up again and completes it.
    setModelLibForTests(modelStandIn());
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    const model = await until("the retried model", () => latestPublishedModel(project.id), 45_000);
    expect(model.jobId).toBe(jobId);
    expect(model.id).not.toBe(running.id);
    // pg-boss completes the job in its own statement after the handler has published: wait for it.
    await until("the retried job to complete", async () => (await jobRow(jobId))?.state === "completed");
    expect((await jobRow(jobId))?.state).toBe("completed");
  });

  it("fails a bad payload permanently with a message naming the field", async () => {
    setModelLibForTests(modelStandIn());
    const bad = (await enqueue("train", { projectId: "seven" }, { singletonKey: "bad" }))!;
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });

    const failed = await until("the bad job to fail", async () => {
      const row = await jobRow(bad);
      return row?.state === "failed" ? row : undefined;
    });
    expect(failed.retry_count).toBe(0);
    expect(failed.output?.message).toMatch(/invalid payload: projectId/);
    // Projects that cannot train, and transient errors: tests/integration/training-failures.test.ts.
  });
});
