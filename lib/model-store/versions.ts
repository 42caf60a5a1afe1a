// Model versions (model_versions rows). A run is a row in status `training` that gains one epoch of
// metrics at a time, and becomes `published` in one UPDATE that also stores the weights, so a
// reader sees either no model or a complete one. A run that fails or is interrupted becomes
// `failed` with its error and is never published.
import { db } from "../db";
import { AppError } from "../errors";
import type { ModelVersion, Prisma } from "../generated/prisma/client";
import { appendEpochRow } from "./sql";

/** What the model page and the API list: everything but the weights. */
export const versionSummarySelect = {
  id: true,
  projectId: true,
  number: true,
  paradigm: true,
  settings: true,
  status: true,
  voteCount: true,
  epochs: true,
  metrics: true,
  backend: true,
  durationMs: true,
  error: true,
  jobId: true,
  createdAt: true,
  publishedAt: true,
} satisfies Prisma.ModelVersionSelect;

export type ModelVersionSummary = Prisma.ModelVersionGetPayload<{ select: typeof versionSummarySelect }>;

/** Weights and topology as serializeModel() returns them and deserializeModel() takes them. */
export interface StoredArtifacts {
  topology: unknown;
  weightSpecs: unknown;
  weights: Buffer;
}

/** Opens a run: a `training` row with the settings and the vote count it starts from. */
export function createModelVersion(input: {
  projectId: number;
  paradigm: string;
  settings: object;
  voteCount: number;
  jobId?: string;
}): Promise<ModelVersion> {
  return db.modelVersion.create({
    data: {
      projectId: input.projectId,
      paradigm: input.paradigm,
      settings: input.settings as Prisma.InputJsonValue,
      voteCount: input.voteCount,
      jobId: input.jobId ?? null,
    },
  });
}

/** Appends one epoch's metrics to a run in progress (the model page polls these). */
export function appendEpoch(modelId: number, epoch: object): Promise<void> {
  return appendEpochRow(modelId, epoch);
}

/** Publishes a finished run atomically: status, metrics, weights and timing in one UPDATE. */
export async function publishModelVersion(
  modelId: number,
  result: { metrics: object; backend: string; durationMs: number; artifacts: StoredArtifacts },
): Promise<void> {
  const updated = await db.modelVersion.updateMany({
    where: { id: modelId, status: "training" },
    data: {
      status: "published",
      metrics: result.metrics as Prisma.InputJsonValue,
      backend: result.backend,
      durationMs: Math.round(result.durationMs),
      ...artifactColumns(result.artifacts),
      publishedAt: new Date(),
    },
  });
  // Another process marked the run failed meanwhile (e.g. a retry took over): never publish it.
  if (updated.count !== 1) throw new AppError("conflict", `model ${modelId} is no longer training`);
}

/** Stored weights as table columns (model_versions and encoder_versions keep them alike). */
export function artifactColumns(artifacts: StoredArtifacts) {
  return {
    topology: artifacts.topology as Prisma.InputJsonValue,
    weightSpecs: artifacts.weightSpecs as Prisma.InputJsonValue,
    weights: new Uint8Array(artifacts.weights),
  };
}

/** Marks a run failed with its error; a published model is never touched. */
export async function failModelVersion(modelId: number, error: string, backend?: string): Promise<void> {
  await db.modelVersion.updateMany({
    where: { id: modelId, status: "training" },
    data: { status: "failed", error: error.slice(0, 2000), ...(backend ? { backend } : {}) },
  });
}

/** Fails the leftover `training` rows of an earlier attempt of the same job (killed with -9). */
export async function failStaleRuns(jobId: string): Promise<number> {
  const { count } = await db.modelVersion.updateMany({
    where: { jobId, status: "training" },
    data: {
      status: "failed",
      error: "interrupted: the worker stopped before the run finished; the job was retried",
    },
  });
  return count;
}

/** The model a job already published (a retry after the publish but before pg-boss heard of it). */
export function publishedByJob(jobId: string): Promise<ModelVersionSummary | null> {
  return db.modelVersion.findFirst({ where: { jobId, status: "published" }, select: versionSummarySelect });
}

/**
 * The one order of "newest published first": by publication time, then id. Publication, not creation
 * (the id), because two runs may overlap and the later-started one may finish first: the model a
 * researcher saw appear last, whose predictions the predict job writes next, is the one dashboards,
 * exports, warm starts, retrain settings and the `active` policy mean by "the latest". Rows without a
 * publication time (none are written today) sort last, as in SQL's NULLS LAST.
 */
export const NEWEST_PUBLISHED_FIRST = [
  { publishedAt: { sort: "desc", nulls: "last" } },
  { id: "desc" },
] satisfies Prisma.ModelVersionOrderByWithRelationInput[];

/**
 * The project's latest published model (without weights), or null: the one definition every reader
 * calls. `withPredictions` keeps only models whose predictions have been written (dashboards).
 */
export function latestPublishedModel(
  projectId: number,
  options: { withPredictions?: boolean } = {},
): Promise<ModelVersionSummary | null> {
  return db.modelVersion.findFirst({
    where: {
      projectId,
      status: "published",
      ...(options.withPredictions ? { predictions: { some: {} } } : {}),
    },
    orderBy: NEWEST_PUBLISHED_FIRST,
    select: versionSummarySelect,
  });
}

/** Up to `take` published models of the project, newest first (warm start picks a compatible one). */
export function listPublishedModels(projectId: number, take: number) {
  return db.modelVersion.findMany({
    where: { projectId, status: "published" },
    orderBy: NEWEST_PUBLISHED_FIRST,
    take,
    select: { id: true, settings: true, metrics: true },
  });
}

/** Every version of a project, newest first, without weights. */
export function listModelVersions(projectId: number): Promise<ModelVersionSummary[]> {
  return db.modelVersion.findMany({
    where: { projectId },
    orderBy: { id: "desc" },
    select: versionSummarySelect,
  });
}

/** A published model with its weights, or a not_found AppError. */
export async function getPublishedArtifacts(modelId: number): Promise<ModelVersion & StoredArtifacts> {
  const model = await db.modelVersion.findUnique({ where: { id: modelId } });
  if (!model || model.status !== "published" || !model.weights) {
    throw new AppError("not_found", `model ${modelId} not found or not published`, { field: "model" });
  }
  return {
    ...model,
    topology: model.topology,
    weightSpecs: model.weightSpecs,
    weights: Buffer.from(model.weights),
  };
}
