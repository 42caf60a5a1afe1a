// Beyond one machine: two web processes and two workers on one database, as a deployment with a load
// balancer would run them. 100 annotators (API tokens) vote through both web processes, a retrain
// and an export are started through one and polled through the other. Worker A serves only the
// train and predict queues (CHORUS_WORKER_QUEUES, the "GPU machine"), worker B every queue, so the
// export never waits behind the training; then A is killed with SIGKILL mid-training and B takes
// the job over. Every acknowledged vote must be stored once, no image may pass its target, exactly
// one model version is published for the job, and the export downloads from either web process.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { stopBoss } from "../../lib/jobs/queue";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestUser, type TestUser } from "../helpers/auth";
import { createVotedProject } from "../helpers/voted-project";
import {
  killWorkerProcesses,
  startWorkerProcess,
  until,
  type WorkerProcess,
} from "../helpers/worker-process";

const ANNOTATORS = 100;
const ANNOTATE_MS = 30_000;
const STALE = { CHORUS_WORKER_STALE_SECONDS: "10" };
const EPOCHS = 60;

let web: AppServer[] = [];

beforeAll(async () => {
  web = await Promise.all([startAppServer(), startAppServer()]);
}, 900_000);

afterAll(async () => {
  killWorkerProcesses();
  await Promise.all(web.map((server) => server.stop()));
  await stopBoss();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(server: AppServer, user: TestUser, path: string, init: RequestInit = {}) {
  const headers = new Headers(user.headers);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${server.url}${path}`, { ...init, headers });
}

/** One annotator's loop against one web process: next task, a short think, vote; until `deadline`. */
async function annotate(server: AppServer, user: TestUser, projectId: number, deadline: number) {
  const acknowledged: string[] = [];
  let errors = 0;
  while (Date.now() < deadline) {
    const next = await api(server, user, `/api/projects/${projectId}/tasks/next`);
    if (next.status !== 200) {
      errors += 1;
      await sleep(500);
      continue;
    }
    const { task } = (await next.json()) as { task: { imageId: number } | null };
    if (!task) {
      await sleep(1000);
      continue;
    }
    await sleep(300 + Math.random() * 400);
    const idempotencyKey = randomUUID();
    const body = JSON.stringify({
      imageId: task.imageId,
      label: "happiness",
      durationMs: 500,
      idempotencyKey,
    });
    const vote = await api(server, user, `/api/projects/${projectId}/votes`, { method: "POST", body });
    if (vote.status === 201 || vote.status === 200) acknowledged.push(idempotencyKey);
    else if (vote.status >= 500) errors += 1;
    await vote.body?.cancel();
  }
  return { acknowledged, errors };
}

describe("two web processes and two workers on one database", () => {
  it("keeps every vote once, trains once through a SIGKILL, and serves the export from either process", async () => {
    const { project } = await createVotedProject({
      name: "scale-out",
      labels: [...FERPLUS_LABELS],
      perSplit: 8,
      unvoted: 300,
      realImages: true,
    });
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const annotators = await Promise.all(
      Array.from({ length: ANNOTATORS }, () => createTestUser("annotator", { projectId: project.id })),
    );
    const [a, b] = web as [AppServer, AppServer];

    const deadline = Date.now() + ANNOTATE_MS;
    const annotation = Promise.all(
      annotators.map((user, i) => annotate(i % 2 === 0 ? a : b, user, project.id, deadline)),
    );

    // A retrain through web process A, watched through B.
    // One training thread: the test shares 2 cores with two web processes and 100 annotators.
    const settings = {
      modelSize: "tiny",
      batchSize: 8,
      augment: false,
      paradigm: "soft",
      epochs: EPOCHS,
      threads: 1,
    };
    const queued = await api(a, researcher, `/api/projects/${project.id}/models`, {
      method: "POST",
      body: JSON.stringify(settings),
    });
    expect(queued.status).toBe(202);
    const { jobId } = (await queued.json()) as { jobId: string };
    const trainer = startWorkerProcess({ ...STALE, CHORUS_WORKER_QUEUES: "train,predict" });
    await until(
      "worker A to start the training",
      async () => trainer.output().includes(`[train ${jobId.slice(0, 8)}] started`),
      120_000,
    );
    const survivor = startWorkerProcess(STALE);
    const workers = [trainer, survivor];
    const outputs = () =>
      workers.map((worker, i) => `--- worker ${"AB"[i]}\n${worker.output().slice(-20000)}`).join("\n");
    await until(
      "an epoch of the running training, seen through web process B",
      async () => {
        const page = await api(b, researcher, `/api/projects/${project.id}/models`);
        if (page.status !== 200) return false;
        const { versions } = (await page.json()) as { versions: { status: string; epochs: unknown[] }[] };
        return versions.some((version) => version.status === "training" && version.epochs.length >= 1);
      },
      120_000,
    );
    // SIGKILL of the training worker: B's reaper fails the dead run and B retries the job.
    trainer.child.kill("SIGKILL");
    await trainer.exited;

    // An export through B, polled and downloaded through both; only worker B serves exports.
    const exported = await api(b, researcher, `/api/projects/${project.id}/export/jobs`, {
      method: "POST",
      body: JSON.stringify({ format: "csv" }),
    });
    expect(exported.status).toBe(202);
    const { job } = (await exported.json()) as { job: { id: number } };
    await until(
      "the export to finish, polled through A",
      async () => {
        const list = await api(a, researcher, `/api/projects/${project.id}/export/jobs`);
        const { jobs } = (await list.json()) as { jobs: { id: number; status: string }[] };
        return jobs.find((row) => row.id === job.id && row.status === "done");
      },
      120_000,
    ).catch((error: unknown) => {
      console.log(outputs());
      throw error;
    });
    const downloads = await Promise.all(
      [a, b].map(async (server) => {
        const response = await api(
          server,
          researcher,
          `/api/projects/${project.id}/export/jobs/${job.id}/download`,
        );
        expect(response.status).toBe(200);
        return Buffer.from(await response.arrayBuffer());
      }),
    );
    expect(downloads[0]!.length).toBeGreaterThan(100);
    expect(downloads[0]!.equals(downloads[1]!)).toBe(true);

    expect(trainer.output()).not.toMatch(/\[export /);

    const results = await annotation;
    const acknowledged = results.flatMap((result) => result.acknowledged);
    const serverErrors = results.reduce((sum, result) => sum + result.errors, 0);
    expect(serverErrors).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(ANNOTATORS);
    // Every acknowledged answer stored exactly once, and nothing stored that was not acknowledged:
    // an answer is a vote, or (past repeatAfterTasks) a hidden repeat's answer kept in quality_repeats.
    const votes = await db.vote.findMany({
      where: { projectId: project.id, source: "chorus" },
      select: { idempotencyKey: true },
    });
    const repeats = await db.qualityRepeat.findMany({
      where: { projectId: project.id, answeredAt: { not: null } },
      select: { idempotencyKey: true },
    });
    const stored = [...votes, ...repeats].map((answer) => answer.idempotencyKey);
    expect(stored).toHaveLength(acknowledged.length);
    expect(new Set(stored)).toEqual(new Set(acknowledged));
    const overTarget = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM images i JOIN projects p ON p.id = i.project_id
      WHERE i.project_id = ${project.id} AND i.vote_count > p.target_votes`;
    expect(Number(overTarget[0]!.n)).toBe(0);

    // The training survives the SIGKILL on the other worker: one published version for the job.
    const versions = await until(
      "the retried training to publish",
      async () => {
        const rows = await db.modelVersion.findMany({ where: { jobId }, orderBy: { id: "asc" } });
        return rows.some((row) => row.status === "published") ? rows : undefined;
      },
      240_000,
    ).catch((error: unknown) => {
      console.log(outputs());
      throw error;
    });
    if (versions.length !== 2) console.log(outputs());
    expect(versions.map((row) => row.status)).toEqual(["failed", "published"]);
    expect(survivor.output()).toContain(`[train ${jobId.slice(0, 8)}] started (attempt 2`);
    // The export job ran exactly once, on one worker.
    const exportRuns = workers.filter((worker) => /\[export [0-9a-f]{8}\] started/.test(worker.output()));
    expect(exportRuns).toHaveLength(1);
    console.log(
      `scale-out: ${acknowledged.length} votes acknowledged through 2 web processes in ${ANNOTATE_MS / 1000} s ` +
        `(${(acknowledged.length / (ANNOTATE_MS / 1000)).toFixed(1)}/s), ${ANNOTATORS} annotators`,
    );
  }, 600_000);
});
