// One training run, as the worker's `train` job and `chorus train` both run it: open a model
// version, train on the project's train split with per-epoch progress in the row, select on the
// valid split, and publish weights and metrics atomically - or mark the run failed. Images without
// a split are placed first (lib/splits); a project that cannot train fails with the reason and fix
// (cannot-train.ts), which the worker does not retry.
import type { Metrics } from "../model";
import { getProject } from "../projects/projects";
import { projectTotals } from "../projects/queries";
import { assignMissingSplits } from "../splits/store";
import { describeArchitecture, runArchitecture } from "./architecture";
import { assertTrainable, CannotTrainError } from "./cannot-train";
import { chooseStart, DEFAULT_INIT_MODE, type InitMode } from "./encoder-start";
import { newestEncoder, recordEncoderUse } from "./encoders";
import { startHeartbeat } from "./heartbeat";
import { loadModelLib } from "./ml";
import { findWarmStartModel } from "./warm-start";
import {
  appendEpoch,
  createModelVersion,
  failModelVersion,
  failStaleRuns,
  publishedByJob,
  publishModelVersion,
} from "./versions";

export interface TrainingRunInput {
  projectId: number;
  /** Raw settings; lib/model's schema validates them and fills in defaults. */
  settings: unknown;
  /** pg-boss job id when run by the worker. */
  jobId?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Start from the newest published model of the same architecture and classes, if any (warm-start.ts). */
  warmStart?: boolean;
  /** Whether to start from the newest pretrained encoder (encoder-start.ts); default DEFAULT_INIT_MODE. */
  init?: InitMode;
}

export interface TrainingRunResult {
  modelId: number;
  /** The version's number within its project (#1, #2, ...). */
  modelNumber: number;
  /** True when an earlier attempt of the same job had already published (nothing was retrained). */
  reused: boolean;
  valid?: Metrics;
  /** Threads, steps and epochs the run managed (absent when reused), and the model it started from. */
  threads?: number;
  steps?: number;
  epochsDone?: number;
  warmStartFrom?: number | null;
  /** The pretrained encoder the run's trunk descends from (directly or through its warm-start model). */
  encoderId?: number | null;
}

/** Runs one training to completion; throws (after marking the version failed) on error or abort. */
export async function runTraining(input: TrainingRunInput): Promise<TrainingRunResult> {
  const log = input.log ?? (() => undefined);
  if (input.jobId) {
    // Safe to run twice: a retry after a publish whose completion never reached pg-boss reuses it,
    // and rows left in `training` by a killed attempt are closed as failed.
    const done = await publishedByJob(input.jobId);
    if (done) return { modelId: done.id, modelNumber: done.number, reused: true };
    const stale = await failStaleRuns(input.jobId);
    if (stale) log(`marked ${stale} interrupted run(s) of this job as failed`);
  }
  const project = await getProject(input.projectId);
  const ml = await loadModelLib();
  const settings = ml.parseSettings(input.settings);
  const backend = await ml.initBackend();
  log(`backend ${backend}`);

  const { votes: voteCount } = await projectTotals(project.id);
  const version = await createModelVersion({
    projectId: project.id,
    paradigm: settings.paradigm,
    settings,
    voteCount,
    jobId: input.jobId,
  });
  const length = settings.minutes ? `${String(settings.minutes)} min budget` : `${settings.epochs} epochs`;
  log(
    `model #${version.number} (id ${version.id}): ${settings.paradigm}, ${length}, ${voteCount} votes in project`,
  );

  // The heartbeat tells other workers this run is alive. If a reaper declared it dead anyway (the
  // process stalled past the staleness), stop: the row can never be published and the job is retried.
  const heartbeat = startHeartbeat({ kind: "model", id: version.id }, { signal: input.signal, log });
  const signal = heartbeat.signal;
  // Epoch rows are written in order; a failed write must not be lost silently.
  let epochWrites: Promise<void> = Promise.resolve();
  try {
    const placed = await assignMissingSplits(project.id);
    if (placed) log(`placed ${placed} image(s) without a split by the project's split ratios`);
    await assertTrainable(project);
    const sampling = { limit: settings.limit, seed: settings.seed };
    const train = await ml.loadLabeledSet(project.id, "train", sampling);
    const valid = await ml.loadLabeledSet(project.id, "valid", { seed: settings.seed });
    if (!train.set.imageIds.length) throw new Error("no voted images in the train split");
    if (!valid.set.imageIds.length) throw new Error("no voted images in the valid split");
    log(`train ${train.set.imageIds.length} images, valid ${valid.set.imageIds.length} images`);
    // Warm models and encoders must fit the network this run builds (architecture.ts).
    const architecture = runArchitecture(settings);
    const warm = input.warmStart ? await findWarmStartModel(project.id, architecture, train.classes) : null;
    if (input.warmStart)
      log(warm ? `warm start from model ${warm.id}` : "no model to warm-start from: cold start");
    const init = input.init ?? DEFAULT_INIT_MODE;
    const encoder = init === "scratch" ? null : await newestEncoder(project.id, architecture);
    if (init === "pretrained" && !encoder)
      throw new CannotTrainError(
        `This project has no pretrained encoder for ${describeArchitecture(architecture)}`,
        "Run pretraining first with the same model size and input scaling (Models page, or chorus pretrain " +
          "--project <name>), or train from scratch; encoders have no batch norm",
      );
    if (init === "auto" && !encoder) log(`no pretrained encoder for ${describeArchitecture(architecture)}`);
    const start = chooseStart(init, warm, encoder);
    if (start.from === "encoder") log(`fine-tuning from pretrained encoder ${start.encoder.id}`);
    if (warm && start.from === "encoder")
      log(
        `encoder ${start.encoder.id} is newer than model ${warm.id}'s trunk: starting from the encoder instead`,
      );
    if (start.encoderId !== null) await recordEncoderUse(version.id, start.encoderId);

    const result = await ml.train({ train: train.set, valid: valid.set, classes: train.classes }, settings, {
      signal,
      log,
      warmStart: start.from === "warm" ? start.warm : undefined,
      encoder: start.from === "encoder" ? start.encoder : undefined,
      onEpoch: (metrics) => {
        log(`epoch ${metrics.epoch}: ${formatMetrics(metrics)}`);
        epochWrites = epochWrites.then(() => appendEpoch(version.id, metrics));
      },
    });
    await epochWrites;
    signal.throwIfAborted();
    const evaluation = await ml.evaluate(result.model, valid.set, train.classes);
    const artifacts = await ml.serializeModel(result.model);
    ml.dispose?.(result.model);
    await publishModelVersion(version.id, {
      metrics: {
        valid: evaluation,
        best: result.best,
        classes: train.classes,
        trainImages: train.set.imageIds.length,
        warmStartFrom: start.from === "warm" ? start.warm.id : null,
        threads: result.threads,
        steps: result.steps,
        epochsDone: result.epochsDone,
      },
      backend: result.backend,
      durationMs: result.durationMs,
      artifacts,
    });
    log(
      `model #${version.number} (id ${version.id}) published: valid accuracy ${evaluation.accuracy.toFixed(4)}`,
    );
    return {
      modelId: version.id,
      modelNumber: version.number,
      reused: false,
      valid: evaluation,
      threads: result.threads,
      steps: result.steps,
      epochsDone: result.epochsDone,
      warmStartFrom: start.from === "warm" ? start.warm.id : null,
      encoderId: start.encoderId,
    };
  } catch (error) {
    await epochWrites.catch(() => undefined);
    if (heartbeat.reaped.aborted) throw heartbeat.reaped.reason;
    const reason = input.signal?.aborted ? `interrupted: ${abortMessage(input.signal)}` : errorMessage(error);
    await failModelVersion(version.id, reason, backend);
    throw error;
  } finally {
    heartbeat.stop();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function abortMessage(signal: AbortSignal): string {
  return errorMessage(signal.reason ?? "aborted");
}

function formatMetrics(metrics: object): string {
  return Object.entries(metrics)
    .filter(([key, value]) => key !== "epoch" && typeof value === "number")
    .map(([key, value]) => `${key} ${(value as number).toFixed(4)}`)
    .join(", ");
}
