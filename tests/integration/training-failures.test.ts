// Training jobs that cannot succeed fail once, with the reason and the fix, and are not retried;
// transient errors still retry. Real PostgreSQL and pg-boss, the worker in this process, and a
// stand-in for lib/model (the failures are decided before any pixel is read).
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { POST as retrainPost } from "../../app/api/projects/[id]/models/route";
import { db } from "../../lib/db";
import { getBoss, stopBoss } from "../../lib/jobs/queue";
import { startWorker, type RunningWorker } from "../../lib/jobs/worker";
import { setModelLibForTests } from "../../lib/model-store/ml";
import { loadModelsPage } from "../../lib/model-store/views";
import { createProject } from "../../lib/projects/projects";
import { jobs } from "../../workers/registry";
import { createTestUser } from "../helpers/auth";
import { modelStandIn } from "../helpers/model-stand-in";
import { addVotes, createVotedProject } from "../helpers/voted-project";
import { until } from "../helpers/worker-process";

let worker: RunningWorker | undefined;
const quiet = () => undefined;

async function jobRow(id: string) {
  const { rows } = await (
    await getBoss()
  )
    .getDb()
    .executeSql("SELECT state, retry_count, output FROM pgboss.job WHERE id = $1::uuid", [id]);
  return rows[0] as { state: string; retry_count: number; output: { message?: string } | null } | undefined;
}

/** Presses Retrain through the route, as the Models page does; returns the queued job's id. */
async function retrain(projectId: number): Promise<string> {
  const researcher = await createTestUser("researcher", { projectId });
  const headers = new Headers(researcher.headers);
  headers.set("content-type", "application/json");
  const response = await retrainPost(
    new Request(`http://t/api/projects/${projectId}/models`, {
      method: "POST",
      headers,
      body: JSON.stringify({ paradigm: "soft", epochs: 1 }),
    }),
    { params: Promise.resolve({ id: String(projectId) }) },
  );
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

/** Waits for the job to fail for good, then checks the one failed version and the cleared queue. */
async function expectFailedOnce(projectId: number, jobId: string, reason: RegExp, fix: RegExp) {
  const failed = await until(
    "the job to fail",
    async () => {
      const row = await jobRow(jobId);
      return row?.state === "failed" ? row : undefined;
    },
    30_000,
  );
  expect(failed.retry_count).toBe(0);
  const versions = await db.modelVersion.findMany({ where: { projectId } });
  expect(versions).toHaveLength(1);
  expect(versions[0]!.status).toBe("failed");
  expect(versions[0]!.error).toMatch(reason);
  expect(versions[0]!.error).toMatch(fix);
  // The Models page's "queued" notice reads the waiting jobs: none left.
  const page = await loadModelsPage(projectId);
  expect(page.jobs).toEqual([]);
  expect(page.versions[0]!.error).toMatch(reason);
}

afterEach(async () => {
  await worker?.stop("test done");
  worker = undefined;
  setModelLibForTests(undefined);
});
afterAll(() => stopBoss());

describe("training failures", () => {
  it("a project with images but no votes fails once, saying to collect votes", async () => {
    setModelLibForTests(modelStandIn());
    const { project } = await createVotedProject({ name: "no-votes", perSplit: 0, unvoted: 6 });
    const jobId = await retrain(project.id);
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    await expectFailedOnce(
      project.id,
      jobId,
      /No image in the train split has an emotion vote/,
      /invite link/,
    );
    // The unplaced images were given a split on the way.
    expect(await db.image.count({ where: { projectId: project.id, split: null } })).toBe(0);
  });

  it("a project without images fails once, saying to upload faces", async () => {
    setModelLibForTests(modelStandIn());
    const project = await createProject({ name: "no-images", labels: ["neutral", "happiness"] });
    const jobId = await retrain(project.id);
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    await expectFailedOnce(project.id, jobId, /no images yet/, /Upload faces on the Settings page/);
  });

  it("a train split whose votes all name one label fails once, saying why", async () => {
    setModelLibForTests(modelStandIn());
    const { project, imageIds } = await createVotedProject({
      name: "one-class",
      perSplit: 2,
      votesPerImage: 0,
    });
    // One vote each: addVotes labels its first vote 0, so every vote says "neutral".
    for (const [index, imageId] of imageIds.entries())
      await addVotes(project.id, imageId, 1, 4, `one${index}`);
    const jobId = await retrain(project.id);
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    await expectFailedOnce(project.id, jobId, /same label \("neutral"\)/, /more varied images/);
  });

  it("a project without emotion labels fails once, saying which labels to use", async () => {
    setModelLibForTests(modelStandIn());
    const project = await createProject({ name: "no-emotions", labels: ["unknown", "not_a_face"] });
    const jobId = await retrain(project.id);
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    await expectFailedOnce(project.id, jobId, /no emotion labels/, /at least two emotion labels/);
  });

  it("a transient error (the database went away mid-run) is still retried", async () => {
    const standIn = modelStandIn();
    setModelLibForTests({
      ...standIn,
      train: () => Promise.reject(new Error("Connection terminated unexpectedly")),
    });
    const { project } = await createVotedProject({ name: "transient", perSplit: 2 });
    const jobId = await retrain(project.id);
    worker = await startWorker(jobs, { log: quiet, pollingIntervalSeconds: 0.5 });
    const retried = await until(
      "the job to wait for a retry",
      async () => {
        const row = await jobRow(jobId);
        return row?.state === "retry" ? row : undefined;
      },
      30_000,
    );
    expect(retried.output?.message).toMatch(/Connection terminated/);
    expect((await loadModelsPage(project.id)).jobs.map((job) => job.state)).toEqual(["retry"]);
  });
});
