// The FER+ demo seeded from FER2013Valid alone (CHORUS_DEMO_DATA=.../FER2013Valid, as a new user
// starts Chorus) retrains: Chorus splits the one folder itself, and a Retrain request runs on the
// worker with the real model (tiny, 1 epoch, 300 train images) to a published version #1.
import { afterAll, describe, expect, it } from "vitest";
import path from "node:path";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { seedDemoIfEmpty } from "../../lib/demo/seed";
import { stopBoss } from "../../lib/jobs/queue";
import { startWorker, type RunningWorker } from "../../lib/jobs/worker";
import { enqueueTraining } from "../../lib/model-store/schedule";
import { splitCounts } from "../../lib/splits/store";
import { jobs } from "../../workers/registry";
import { ferplusDir } from "../helpers/ferplus";
import { until } from "../helpers/worker-process";

let worker: RunningWorker | undefined;
afterAll(async () => {
  await worker?.stop("test done");
  await stopBoss();
});

describe("the FER+ Valid-only demo", () => {
  it("is split 80/10/10 by Chorus and retrains to a published model", async (context) => {
    const root = ferplusDir("demo retrain");
    if (!root) return context.skip();
    process.env.CHORUS_DEMO_DATA = path.join(root, "FER2013Valid");
    resetEnv();
    try {
      const summary = await seedDemoIfEmpty(() => undefined);
      expect(summary?.images).toBe(3579);
    } finally {
      delete process.env.CHORUS_DEMO_DATA;
      resetEnv();
    }
    const projectId = (await db.project.findFirstOrThrow()).id;
    const counts = await splitCounts(projectId);
    console.log(`FER2013Valid demo splits: ${JSON.stringify(counts)}`);
    expect(counts.unassigned).toBe(0);
    for (const [split, share] of [
      ["train", 0.8],
      ["valid", 0.1],
      ["test", 0.1],
    ] as const) {
      expect(Math.abs(counts[split] / 3579 - share)).toBeLessThan(0.02);
    }

    const jobId = await enqueueTraining({
      projectId,
      settings: { paradigm: "soft", epochs: 1, modelSize: "tiny", batchSize: 32, augment: false, limit: 300 },
    });
    worker = await startWorker(jobs, { log: () => undefined, pollingIntervalSeconds: 0.5 });
    const model = await until(
      "the demo's model to be published",
      () => db.modelVersion.findFirst({ where: { projectId, jobId: jobId!, status: { not: "training" } } }),
      240_000,
    );
    expect(model.error).toBeNull();
    expect(model).toMatchObject({ status: "published", number: 1 });
    const metrics = model.metrics as { valid: { images: number }; trainImages: number };
    expect(metrics.trainImages).toBe(300);
    // Valid images whose votes name an emotion (some FER+ faces have only unknown or not_a_face votes: 273 of 308 here).
    expect(metrics.valid.images).toBeGreaterThan(0.8 * counts.valid);
    expect(metrics.valid.images).toBeLessThanOrEqual(counts.valid);
  }, 300_000);
});
