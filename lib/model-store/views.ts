// What the model page and GET /api/projects/{id}/models show: model versions as plain JSON (no
// weights) and the project's queued or running train jobs (from pg-boss, through lib/jobs/inspect.ts).
import { listOpenJobs } from "../jobs/inspect";
import { listModelVersions, type ModelVersionSummary } from "./versions";

export interface EpochView {
  epoch: number;
  trainLoss?: number;
  validAccuracy?: number;
  validNll?: number;
  validKl?: number;
  validEce?: number;
  imagesPerSecond?: number;
  seconds?: number;
}

export interface ModelVersionView {
  id: number;
  /** The version's number within its project (#1, #2, ...): what the page shows. */
  number: number;
  paradigm: string;
  status: "training" | "published" | "failed";
  settings: Record<string, unknown>;
  voteCount: number;
  epochs: EpochView[];
  /** Epochs the run was asked for (progress = epochs.length / plannedEpochs). */
  plannedEpochs: number | null;
  valid: { images: number; accuracy: number; nll: number; klToCrowd: number; ece: number } | null;
  bestEpoch: number | null;
  backend: string | null;
  durationMs: number | null;
  error: string | null;
  createdAt: string;
  publishedAt: string | null;
}

export interface TrainJobView {
  id: string;
  state: "created" | "retry" | "active";
  paradigm: string | null;
  reason: string | null;
  createdOn: string;
}

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** One epoch entry as lib/model reports it ({ epoch, trainLoss, valid: Metrics, ... }), flattened. */
function epochView(entry: unknown): EpochView {
  const e = (entry ?? {}) as Record<string, unknown>;
  const valid = (e.valid ?? {}) as Record<string, unknown>;
  return {
    epoch: num(e.epoch) ?? 0,
    trainLoss: num(e.trainLoss) ?? num(e.loss),
    validAccuracy: num(valid.accuracy) ?? num(e.validAccuracy),
    validNll: num(valid.nll),
    validKl: num(valid.klToCrowd),
    validEce: num(valid.ece),
    imagesPerSecond: num(e.imagesPerSecond),
    seconds: num(e.seconds),
  };
}

/** A version as JSON for the page. */
export function versionView(version: ModelVersionSummary): ModelVersionView {
  const settings = (version.settings ?? {}) as Record<string, unknown>;
  const metrics = (version.metrics ?? {}) as { valid?: ModelVersionView["valid"]; best?: { epoch?: number } };
  return {
    id: version.id,
    number: version.number,
    paradigm: version.paradigm,
    status: version.status,
    settings,
    voteCount: version.voteCount,
    epochs: Array.isArray(version.epochs) ? version.epochs.map(epochView) : [],
    plannedEpochs: num(settings.epochs) ?? null,
    valid: metrics.valid ?? null,
    bestEpoch: num(metrics.best?.epoch) ?? null,
    backend: version.backend,
    durationMs: version.durationMs,
    error: version.error,
    createdAt: version.createdAt.toISOString(),
    publishedAt: version.publishedAt?.toISOString() ?? null,
  };
}

/** Train jobs of the project waiting or running; empty before pg-boss has created its schema. */
export async function listTrainJobs(projectId: number): Promise<TrainJobView[]> {
  const jobs = await listOpenJobs("train", projectId);
  return jobs.map((job) => ({
    id: job.id,
    state: job.state,
    paradigm: String((job.data.settings as Record<string, unknown> | undefined)?.paradigm ?? "") || null,
    reason: typeof job.data.reason === "string" ? job.data.reason : null,
    createdOn: job.createdOn.toISOString(),
  }));
}

export interface ModelsPageData {
  versions: ModelVersionView[];
  jobs: TrainJobView[];
}

/** Everything the model page shows, newest version first. */
export async function loadModelsPage(projectId: number): Promise<ModelsPageData> {
  const [versions, jobs] = await Promise.all([listModelVersions(projectId), listTrainJobs(projectId)]);
  return { versions: versions.map(versionView), jobs };
}
