// One pretraining run, as the worker's `pretrain` job and `chorus pretrain` both run it: settle splits
// (so no future test image is read by accident), open an encoder version, read the faces' pixels (never
// a label; the test split's pixels only on opt-in), pretrain with the loss curve saved as it goes, and
// publish weights, curve and a picture of reconstructions atomically - or mark the run failed. The row
// beats while it runs (heartbeat.ts), so a run killed with -9 is failed by the reaper, not left `training`.
import { getProject } from "../projects/projects";
import { assignMissingSplits } from "../splits/store";
import { CannotTrainError } from "./cannot-train";
import { samplesPng } from "./encoder-preview";
import { startHeartbeat } from "./heartbeat";
import {
  createEncoderVersion,
  failEncoderVersion,
  failStaleEncoderRuns,
  pretrainImageIds,
  publishedEncoderByJob,
  publishEncoderVersion,
  saveLossCurve,
} from "./encoders";
import { loadPixels } from "./pixels";

export interface PretrainRunInput {
  projectId: number;
  /** Raw settings; lib/model's pretrainSettingsSchema validates them and fills in defaults. */
  settings: unknown;
  jobId?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface PretrainRunResult {
  encoderId: number;
  reused: boolean;
  faces?: number;
  steps?: number;
  epochsDone?: number;
  finalLoss?: number;
}

/** Runs one pretraining to completion; throws (after marking the version failed) on error or abort. */
export async function runPretraining(input: PretrainRunInput): Promise<PretrainRunResult> {
  const log = input.log ?? (() => undefined);
  if (input.jobId) {
    const done = await publishedEncoderByJob(input.jobId);
    if (done) return { encoderId: done.id, reused: true };
    const stale = await failStaleEncoderRuns(input.jobId);
    if (stale) log(`marked ${stale} interrupted pretraining run(s) of this job as failed`);
  }
  const project = await getProject(input.projectId);
  // tfjs loads only in processes that pretrain (the web server imports this file's callers lightly).
  const ml = await import("../model");
  const settings = ml.pretrainSettingsSchema.parse(input.settings);
  const placed = await assignMissingSplits(project.id);
  if (placed) log(`placed ${placed} image(s) without a split by the project's split ratios`);
  const ids = await pretrainImageIds(project.id, settings.includeTest);
  if (ids.length === 0)
    throw new CannotTrainError(
      settings.includeTest
        ? "This project has no images yet"
        : "This project has no images outside the test split",
      "Upload faces on the Settings page (files or one zip) first",
    );
  const version = await createEncoderVersion({
    projectId: project.id,
    settings,
    faceCount: ids.length,
    jobId: input.jobId,
  });
  log(`encoder ${version.id}: ${ids.length} faces${settings.includeTest ? " (test split included)" : ""}`);
  // As a training run (training-run.ts): a run a reaper declared dead stops; its job is retried.
  const heartbeat = startHeartbeat({ kind: "encoder", id: version.id }, { signal: input.signal, log });
  const signal = heartbeat.signal;
  let curveWrites: Promise<void> = Promise.resolve();
  try {
    const pixels = await loadPixels(ids);
    const result = await ml.pretrain(pixels, settings, {
      signal,
      log,
      onProgress: (_point, curve) => {
        const copy = [...curve];
        curveWrites = curveWrites.then(() => saveLossCurve(version.id, copy));
      },
    });
    await curveWrites;
    const artifacts = await ml.serializeModel(result.encoder);
    result.encoder.dispose();
    await publishEncoderVersion(version.id, {
      lossCurve: result.lossCurve,
      samplesPng: await samplesPng(result.samples),
      backend: result.backend,
      durationMs: result.durationMs,
      artifacts,
    });
    const finalLoss = result.lossCurve.at(-1)?.loss;
    log(`encoder ${version.id} published: ${result.steps} steps, final masked L1 ${finalLoss?.toFixed(4)}`);
    return {
      encoderId: version.id,
      reused: false,
      faces: result.faces,
      steps: result.steps,
      epochsDone: result.epochsDone,
      finalLoss,
    };
  } catch (error) {
    await curveWrites.catch(() => undefined);
    if (heartbeat.reaped.aborted) throw heartbeat.reaped.reason;
    const message = error instanceof Error ? error.message : String(error);
    await failEncoderVersion(version.id, input.signal?.aborted ? `interrupted: ${message}` : message);
    throw error;
  } finally {
    heartbeat.stop();
  }
}
