// Crash recovery: a worker killed with -9 in the middle of training. Its run must end `failed` (never
// published), and its job must be retried by another worker within seconds of the staleness, not at
// the queue's 6 h expiry, ending with exactly one published model for the job. Real PostgreSQL, real
// worker processes, the real lib/model (tiny net, 8 noise faces per split).
import { spawn } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { stopBoss } from "../../lib/jobs/queue";
import { reapStaleRuns } from "../../lib/model-store/reaper";
import { enqueueTraining } from "../../lib/model-store/schedule";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { createVotedProject } from "../helpers/voted-project";
import { jobRow, killWorkerProcesses, startWorkerProcess, until } from "../helpers/worker-process";

// Short so the test is quick (default 120 s, lib/env.ts), yet above the ~3 s the first batch blocks
// the event loop (wasm warm-up) on this loaded 2-core machine.
const STALE = { CHORUS_WORKER_STALE_SECONDS: "10" };
const EPOCHS = 40;

afterEach(() => killWorkerProcesses());
afterAll(() => stopBoss());

describe("kill -9 of a training worker", () => {
  it("fails the dead run, retries the job on another worker and publishes exactly one model", async () => {
    const { project } = await createVotedProject({
      name: "kill9",
      labels: [...FERPLUS_LABELS],
      perSplit: 8,
      realImages: true,
    });
    const jobId = (await enqueueTraining({
      projectId: project.id,
      // One thread: this test is about crash recovery, and a second training thread on a 2-core CI
      // machine running another test file beside it delays heartbeats past the short staleness.
      settings: {
        modelSize: "tiny",
        batchSize: 8,
        augment: false,
        paradigm: "soft",
        epochs: EPOCHS,
        threads: 1,
      },
    }))!;
    const first = startWorkerProcess(STALE);
    // Training and beating: a heartbeat written and at least one epoch done.
    const run = await until(
      "a heartbeat of the running training",
      async () => {
        const row = await db.modelVersion.findFirst({ where: { jobId } });
        return row?.heartbeatAt && (row.epochs as unknown[]).length >= 1 ? row : undefined;
      },
      150_000,
    );
    first.child.kill("SIGKILL");
    await first.exited;
    const killed = Date.now();
    const atKill = await db.modelVersion.findUniqueOrThrow({ where: { id: run.id } });
    if (atKill.status !== "training") console.log(atKill.error, first.output());
    expect(atKill.status).toBe("training");
    expect((atKill.epochs as unknown[]).length).toBeLessThan(EPOCHS);
    // The job's lease: pg-boss would expire it within seconds too, not after the train queue's 6 h.
    const leased = (await jobRow(jobId))!;
    expect(leased.state).toBe("active");
    expect(leased.expire_in).toBeLessThan(120);

    const second = startWorkerProcess(STALE);
    const dead = await until(
      "the dead run to be reaped",
      async () => {
        const row = await db.modelVersion.findUniqueOrThrow({ where: { id: run.id } });
        return row.status !== "training" ? row : undefined;
      },
      60_000,
    );
    const reapedAfter = Date.now() - killed;
    expect(dead).toMatchObject({ status: "failed", weights: null, publishedAt: null });
    expect(dead.error).toMatch(/^worker died: no heartbeat since \d{4}-\d\d-\d\dT/);
    await until("the retry to start", async () => /started \(attempt 2 of 4\)/.test(second.output()), 60_000);
    const retriedAfter = Date.now() - killed;
    const job = await until(
      "the retried job to complete",
      async () => {
        const row = await jobRow(jobId);
        return row?.state === "completed" ? row : undefined;
      },
      120_000,
    ).catch((error: unknown) => {
      console.log(first.output(), second.output());
      throw error;
    });
    const completedAfter = Date.now() - killed;
    expect(job.retry_count).toBe(1);
    const versions = await db.modelVersion.findMany({ where: { jobId }, orderBy: { id: "asc" } });
    expect(versions.map((v) => v.status)).toEqual(["failed", "published"]);
    const published = versions[1]!;
    expect(published.id).not.toBe(run.id);
    expect(published.weights?.length).toBeGreaterThan(0);
    expect(published.epochs).toHaveLength(EPOCHS);
    expect(second.output()).toMatch(/\[reaper\] model \d+ failed: no heartbeat since .*failed for retry/);
    // Figures for docs/worker.md.
    console.log(
      `kill -9 -> reaped ${(reapedAfter / 1000).toFixed(1)} s, retry started ${(retriedAfter / 1000).toFixed(1)} s, ` +
        `completed ${(completedAfter / 1000).toFixed(1)} s (staleness ${STALE.CHORUS_WORKER_STALE_SECONDS} s)`,
    );
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 300_000);

  it("reaps a silent CLI run (no job) and leaves a beating one alone", async () => {
    const { project } = await createVotedProject({ name: "reaper-cli" });
    const base = { projectId: project.id, paradigm: "pll", settings: {}, voteCount: 0 };
    const silent = await db.modelVersion.create({
      data: { ...base, heartbeatAt: new Date(Date.now() - 3_600_000) },
    });
    const beating = await db.modelVersion.create({ data: { ...base, heartbeatAt: new Date() } });
    const reaped = await reapStaleRuns({ staleSeconds: 60 });
    expect(reaped).toEqual([
      expect.objectContaining({ kind: "model", id: silent.id, jobId: null, jobFailed: false }),
    ]);
    const after = await db.modelVersion.findMany({
      where: { projectId: project.id },
      orderBy: { id: "asc" },
    });
    expect(after.map((v) => [v.id, v.status])).toEqual([
      [silent.id, "failed"],
      [beating.id, "training"],
    ]);
    expect(after[0]!.error).toMatch(/no heartbeat since .* \(stale after 60 s\)/);
  });

  it("fails a `chorus pretrain` killed with -9 once its heartbeat is stale", async () => {
    const { project } = await createVotedProject({ name: "reaper-pretrain", perSplit: 8, realImages: true });
    // One node process (tsx as a loader), as startWorkerProcess runs the worker, so SIGKILL hits the run itself.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bin/chorus.ts", "pretrain", "--project", "reaper-pretrain"].concat([
        "--epochs",
        "500",
        "--batch-size",
        "4",
        "--model-size",
        "tiny",
      ]),
      { env: { ...process.env, ...STALE }, stdio: "ignore" },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      const beating = await until(
        "the pretraining run's first heartbeat",
        () => db.encoderVersion.findFirst({ where: { projectId: project.id, heartbeatAt: { not: null } } }),
        120_000,
      );
      expect(beating.status).toBe("training");
      // Alive and beating: a reaper with the test's staleness leaves it alone.
      // (The model rows of the test above may be reaped here; only encoders are asserted on.)
      const early = await reapStaleRuns({ staleSeconds: 10 });
      expect(early.filter((run) => run.kind === "encoder")).toEqual([]);
      child.kill("SIGKILL");
      await exited;
      const dead = await until(
        "the dead run to be reaped",
        async () => (await reapStaleRuns({ staleSeconds: 2 })).find((run) => run.kind === "encoder"),
        30_000,
      );
      expect(dead).toMatchObject({ kind: "encoder", id: beating.id, jobId: null, jobFailed: false });
      const after = await db.encoderVersion.findUniqueOrThrow({ where: { id: beating.id } });
      expect(after.status).toBe("failed");
      expect(after.error).toMatch(/no heartbeat since .* \(stale after 2 s\)/);
    } finally {
      child.kill("SIGKILL");
    }
  }, 180_000);
});
