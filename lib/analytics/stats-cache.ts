// The project_stats cache: expensive measures stamped with the vote count they were computed at, so
// a page can show them together with "computed at N votes, <time>" and tell when they are stale.
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export type StatKind =
  | "summary"
  | "reliability"
  | "annotators"
  | "annotator-checks"
  | "quality:policies"
  | `model:${number}`
  | `facts:${number}`;

export interface CachedStat<T> {
  data: T;
  voteCount: number;
  computedAt: Date;
}

/** The cached value of `kind`, or null. */
export async function readStat<T>(projectId: number, kind: StatKind): Promise<CachedStat<T> | null> {
  const row = await db.projectStat.findUnique({ where: { projectId_kind: { projectId, kind } } });
  if (!row) return null;
  return { data: row.data as T, voteCount: row.voteCount, computedAt: row.computedAt };
}

/** Several kinds in one query. */
export async function readStats(
  projectId: number,
  kinds: StatKind[],
): Promise<Map<string, CachedStat<unknown>>> {
  const rows = await db.projectStat.findMany({ where: { projectId, kind: { in: kinds } } });
  return new Map(
    rows.map((row) => [row.kind, { data: row.data, voteCount: row.voteCount, computedAt: row.computedAt }]),
  );
}

/**
 * Stores `data` for `kind` and returns the time it was stamped with (an upsert, so reruns of the job are harmless). NaN and Infinity have no
 * JSON form: they are stored as null, which readers treat as "undefined for this data".
 */
export async function writeStat(
  projectId: number,
  kind: StatKind,
  voteCount: number,
  data: unknown,
): Promise<Date> {
  const json = JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue;
  const computedAt = new Date();
  await db.projectStat.upsert({
    where: { projectId_kind: { projectId, kind } },
    create: { projectId, kind, voteCount, data: json, computedAt },
    update: { voteCount, data: json, computedAt },
  });
  return computedAt;
}
