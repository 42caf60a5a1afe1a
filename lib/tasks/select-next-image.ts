// Which images an annotator may be given next. A policy returns CANDIDATES (a plain read, no
// locks); lib/tasks leases the first candidate it can lock and re-check (chorus_lease_first). Issue 7 (settled / model-in-the-loop)
// adds its policies to POLICIES; `fixed` is the overlap-to-target policy.
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import type { ProjectSettings } from "../projects/settings";
import { UTC_NOW } from "./sql";
import { activePolicy, settledPolicy } from "../quality/selection-policies";

export interface SelectionContext {
  projectId: number;
  annotatorId: string;
  /** Votes wanted per image (projects.target_votes). */
  targetVotes: number;
  settings: ProjectSettings;
  /** Images the client already holds or skipped; never returned. */
  exclude: number[];
  /** How many candidates to return; the caller tries them in random order. */
  limit: number;
}

export type SelectionPolicy = (context: SelectionContext) => Promise<number[]>;

/**
 * `fixed`: images below the target (counting live leases, so concurrent annotators never push an
 * image past it) that this annotator has not voted on, least-voted first, random among ties.
 * Randomness: a random start id within the lowest level, walked in id order with the
 * (project_id, vote_count, id) index, so a 32k-image project costs a few index probes, not a sort.
 */
export const fixedPolicy: SelectionPolicy = async ({
  projectId,
  annotatorId,
  targetVotes,
  exclude,
  limit,
}) => {
  const [lowest] = await db.$queryRaw<{ level: number | null }[]>`
    SELECT min(vote_count) AS level FROM images WHERE project_id = ${projectId}`;
  if (lowest?.level == null) return [];
  for (let level = lowest.level; level < targetVotes; level++) {
    const eligible = Prisma.sql`
      i.project_id = ${projectId} AND i.vote_count = ${level}
      AND i.id <> ALL(${exclude}::int[])
      AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = ${annotatorId})
      AND i.vote_count + (SELECT count(*) FROM task_leases l
                          WHERE l.image_id = i.id AND l.expires_at > ${UTC_NOW}) < ${targetVotes}`;
    const rows = await db.$queryRaw<{ id: number }[]>`
      WITH bounds AS (
        SELECT min(id) AS lo, max(id) AS hi FROM images WHERE project_id = ${projectId} AND vote_count = ${level}
      ), pivot AS (
        SELECT lo + floor(random() * (hi - lo + 1))::int AS id FROM bounds
      )
      (SELECT i.id FROM images i WHERE ${eligible} AND i.id >= (SELECT id FROM pivot) ORDER BY i.id LIMIT ${limit})
      UNION ALL
      (SELECT i.id FROM images i WHERE ${eligible} AND i.id < (SELECT id FROM pivot) ORDER BY i.id LIMIT ${limit})`;
    if (rows.length > 0) return rows.slice(0, limit).map((row) => row.id);
  }
  return [];
};

const POLICIES: Record<ProjectSettings["assignmentPolicy"], SelectionPolicy> = {
  fixed: fixedPolicy,
  // Issue 7 (lib/quality/selection-policies.ts): retire settled distributions; model-in-the-loop.
  settled: settledPolicy,
  active: activePolicy,
};

/** Candidate images for the annotator under the project's assignment policy (settings.assignmentPolicy). */
export function selectNextImage(context: SelectionContext): Promise<number[]> {
  return POLICIES[context.settings.assignmentPolicy](context);
}
