// Warm start on the real database and the real training core: a run with warmStart starts from the
// newest published model of the same size and classes (and from nothing when sizes differ), and
// automatic retrains carry the project's warm-start and time-budget settings in their job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBoss, stopBoss } from "../../lib/jobs/queue";
import { deserializeModel, initBackend, type ModelArtifacts } from "../../lib/model";
import { maybeScheduleRetrain } from "../../lib/model-store/schedule";
import { runTraining } from "../../lib/model-store/training-run";
import { getPublishedArtifacts } from "../../lib/model-store/versions";
import { trainJob } from "../../workers/jobs/train";
import { createVotedProject } from "../helpers/voted-project";

const quiet = () => undefined;
const tiny = { paradigm: "soft", epochs: 1, batchSize: 4, modelSize: "tiny", threads: 1, seed: 2 };

async function weightsOf(modelId: number): Promise<number[][]> {
  const model = await deserializeModel((await getPublishedArtifacts(modelId)) as unknown as ModelArtifacts);
  const weights = model.getWeights().map((tensor) => Array.from(tensor.dataSync()));
  model.dispose();
  return weights;
}

/** Largest absolute difference between two weight lists of the same shapes. */
function largestDifference(a: number[][], b: number[][]): number {
  let largest = 0;
  a.forEach((values, i) => values.forEach((v, j) => (largest = Math.max(largest, Math.abs(v - b[i]![j]!)))));
  return largest;
}

async function jobData(id: string) {
  const { rows } = await (
    await getBoss()
  )
    .getDb()
    .executeSql("SELECT data FROM pgboss.job WHERE id = $1::uuid", [id]);
  return (rows[0] as { data: { warmStart: boolean; settings: { minutes?: number } } }).data;
}

beforeAll(async () => {
  expect(await initBackend({ prefer: "wasm", log: quiet })).toBe("wasm");
});
afterAll(() => stopBoss());

describe("warm start", () => {
  it("starts from the newest published model of the same size and classes, else cold", async () => {
    const { project } = await createVotedProject({ name: "warm", perSplit: 8, realImages: true });
    const first = await runTraining({ projectId: project.id, settings: tiny, log: quiet });
    const trained = await weightsOf(first.modelId);

    // A learning rate of ~0 keeps a run where it started: warm -> the first model, cold -> the seeded init.
    const still = { ...tiny, learningRate: 1e-9 };
    const warm = await runTraining({ projectId: project.id, settings: still, warmStart: true, log: quiet });
    const cold = await runTraining({ projectId: project.id, settings: still, log: quiet });
    expect(largestDifference(await weightsOf(warm.modelId), trained)).toBeLessThan(1e-6);
    expect(largestDifference(await weightsOf(cold.modelId), trained)).toBeGreaterThan(1e-4);

    const lines: string[] = [];
    const other = await runTraining({
      projectId: project.id,
      settings: { ...still, modelSize: "small" },
      warmStart: true,
      log: (line) => lines.push(line),
    });
    expect(lines).toContain("no model to warm-start from: cold start");
    const published = await getPublishedArtifacts(other.modelId);
    expect(published.metrics).toMatchObject({ warmStartFrom: null, threads: 1, steps: 2, epochsDone: 1 });
    const warmRow = await getPublishedArtifacts(warm.modelId);
    // When `warm` ran, `first` was the only published model (tiny, same classes).
    expect(warmRow.metrics).toMatchObject({ warmStartFrom: first.modelId });
  }, 180_000);

  it("automatic retrains carry the project's warm-start switch and time budget", async () => {
    const { project } = await createVotedProject({
      name: "auto",
      settings: { retrainEveryVotes: 5, retrainMinutes: 2.5 },
    });
    const due = await maybeScheduleRetrain(project.id);
    expect(due.scheduled).toBe(true);
    expect(await jobData(due.jobId!)).toMatchObject({ warmStart: true, settings: { minutes: 2.5 } });

    const { project: off } = await createVotedProject({
      name: "auto-cold",
      settings: { retrainEveryVotes: 5, retrainWarmStart: false },
    });
    const cold = await maybeScheduleRetrain(off.id);
    const data = await jobData(cold.jobId!);
    expect(data.warmStart).toBe(false);
    expect(data.settings.minutes).toBeUndefined();
  });

  it("the worker's train job warm-starts when its payload says so", async () => {
    const { project } = await createVotedProject({ name: "job-warm", perSplit: 8, realImages: true });
    const first = await runTraining({ projectId: project.id, settings: tiny, log: quiet });
    const lines: string[] = [];
    const payload = trainJob.schema.parse({
      projectId: project.id,
      settings: tiny,
      reason: "auto",
      warmStart: true,
    });
    const context = { id: "00000000-0000-4000-8000-000000000001", signal: new AbortController().signal };
    const output = (await trainJob.handle(payload, { ...context, log: (line) => lines.push(line) })) as {
      modelId: number;
    };
    expect(lines).toContain(`warm start from model ${first.modelId}`);
    const published = await getPublishedArtifacts(output.modelId);
    expect(published.metrics).toMatchObject({ warmStartFrom: first.modelId });
  }, 120_000);
});
