// Encoder versions (encoder_versions rows): conv trunks pretrained by masked image modeling. Same life
// as a model version (versions.ts): a `training` row gains loss-curve points, then becomes `published` in
// one UPDATE with its weights, or `failed` with its error. Also: which faces a pretraining may read.
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { fitsArchitecture, type Architecture } from "./architecture";
import { artifactColumns, type StoredArtifacts } from "./versions";

/** What the Models page lists: everything but the weights. */
export const encoderSummarySelect = {
  id: true,
  projectId: true,
  settings: true,
  status: true,
  faceCount: true,
  lossCurve: true,
  samplesPng: true,
  backend: true,
  durationMs: true,
  error: true,
  createdAt: true,
  publishedAt: true,
  models: { select: { id: true, number: true }, orderBy: { id: "asc" } },
} satisfies Prisma.EncoderVersionSelect;

export type EncoderSummary = Prisma.EncoderVersionGetPayload<{ select: typeof encoderSummarySelect }>;

/**
 * Ids of the faces a pretraining reads: every image of the project, voted on or not, except the test
 * split's unless `includeTest` (the researcher's opt-in). Labels are never read.
 */
export async function pretrainImageIds(projectId: number, includeTest: boolean): Promise<number[]> {
  const rows = await db.image.findMany({
    where: { projectId, ...(includeTest ? {} : { OR: [{ split: null }, { split: { not: "test" } }] }) },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => row.id);
}

/** Opens a pretraining run: a `training` row with its settings and the number of faces it reads. */
export function createEncoderVersion(input: {
  projectId: number;
  settings: object;
  faceCount: number;
  jobId?: string;
}) {
  return db.encoderVersion.create({
    data: {
      projectId: input.projectId,
      settings: input.settings as Prisma.InputJsonValue,
      faceCount: input.faceCount,
      jobId: input.jobId ?? null,
    },
    select: { id: true },
  });
}

/** Replaces a running pretraining's loss curve (a few hundred points at most: cheap to rewrite). */
export async function saveLossCurve(encoderId: number, curve: object[]): Promise<void> {
  await db.encoderVersion.updateMany({
    where: { id: encoderId, status: "training" },
    data: { lossCurve: curve as Prisma.InputJsonValue },
  });
}

/** Publishes a finished pretraining: weights, final curve, samples and timing in one UPDATE. */
export async function publishEncoderVersion(
  encoderId: number,
  result: {
    lossCurve: object[];
    samplesPng: Buffer;
    backend: string;
    durationMs: number;
    artifacts: StoredArtifacts;
  },
): Promise<void> {
  const updated = await db.encoderVersion.updateMany({
    where: { id: encoderId, status: "training" },
    data: {
      status: "published",
      lossCurve: result.lossCurve as Prisma.InputJsonValue,
      samplesPng: new Uint8Array(result.samplesPng),
      backend: result.backend,
      durationMs: Math.round(result.durationMs),
      ...artifactColumns(result.artifacts),
      publishedAt: new Date(),
    },
  });
  if (updated.count !== 1) throw new AppError("conflict", `encoder ${encoderId} is no longer training`);
}

/** Marks a pretraining failed with its error; a published encoder is never touched. */
export async function failEncoderVersion(encoderId: number, error: string): Promise<void> {
  await db.encoderVersion.updateMany({
    where: { id: encoderId, status: "training" },
    data: { status: "failed", error: error.slice(0, 2000) },
  });
}

/** Fails the `training` rows an earlier attempt of the same job left behind (a killed worker). */
export async function failStaleEncoderRuns(jobId: string): Promise<number> {
  const { count } = await db.encoderVersion.updateMany({
    where: { jobId, status: "training" },
    data: { status: "failed", error: "interrupted: the worker stopped before pretraining finished" },
  });
  return count;
}

/** The encoder a job already published (a retry after the publish), or null. */
export function publishedEncoderByJob(jobId: string) {
  return db.encoderVersion.findFirst({ where: { jobId, status: "published" }, select: { id: true } });
}

/** Published encoders looked at, newest first (as warm-start.ts looks at models). */
const ENCODER_CANDIDATES = 20;

/** The newest published encoder of a project whose trunk fits `architecture`, with its weights, or null. */
export async function newestEncoder(
  projectId: number,
  architecture: Architecture,
): Promise<(StoredArtifacts & { id: number; publishedAt: Date | null }) | null> {
  const published = await db.encoderVersion.findMany({
    where: { projectId, status: "published" },
    orderBy: { id: "desc" },
    take: ENCODER_CANDIDATES,
    select: { id: true, settings: true },
  });
  // Encoders have no batch norm (pretrain-network.ts): their settings carry none, which reads as false.
  const match = published.find((encoder) => fitsArchitecture(encoder.settings, architecture));
  if (!match) return null;
  const row = await db.encoderVersion.findUniqueOrThrow({
    where: { id: match.id },
    select: { id: true, topology: true, weightSpecs: true, weights: true, publishedAt: true },
  });
  if (!row.weights) return null;
  return { ...row, weights: Buffer.from(row.weights) };
}

/** Records that a model version fine-tuned from an encoder. */
export async function recordEncoderUse(modelId: number, encoderId: number): Promise<void> {
  await db.modelVersion.update({ where: { id: modelId }, data: { encoderId } });
}

/** A project's encoders, newest first, with the model versions that used each (no weights). */
export function listEncoders(projectId: number, take = 10): Promise<EncoderSummary[]> {
  return db.encoderVersion.findMany({
    where: { projectId },
    orderBy: { id: "desc" },
    take,
    select: encoderSummarySelect,
  });
}
