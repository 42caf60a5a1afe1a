// The `fixed` selection policy (overlap to the target), the default of the registry (registry.ts).
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { UTC_NOW } from "../sql";
import type { SelectionContext, SelectionPolicy } from "./context";

/**
 * `fixed`: images below the target (counting live leases, so concurrent annotators never push an
 * image past it) that this annotator has not voted on, least-voted first, random among ties.
 * Randomness: a random start id within the lowest level, walked in id order. One statement per
 * level (almost always one in all), every step an index probe: see levelCandidates.
 */
export const fixedPolicy: SelectionPolicy = async (context) => {
  let fromLevel = 0;
  while (fromLevel < context.targetVotes) {
    const { level, ids } = await levelCandidates(context, fromLevel);
    if (ids.length > 0) return ids;
    if (level === null) return [];
    fromLevel = level + 1;
  }
  return [];
};

/**
 * Candidates at the lowest vote level at or above `fromLevel` (null when none is below the target).
 * Each bound is a row-comparison probe that matches images(project_id, vote_count, id) exactly:
 * written as min(id)/max(id) the planner walked the primary key and filtered out every other
 * project's rows (docs/vote-path.md). The anti-join's OFFSET 0 keeps it a per-row probe of
 * votes(image_id, annotator_id); pulled up into a hash anti-join it scanned that index by its
 * second column, i.e. the whole votes table.
 */
async function levelCandidates(
  context: SelectionContext,
  fromLevel: number,
): Promise<{ level: number | null; ids: number[] }> {
  const [row] = await db.$queryRaw<{ level: number | null; ids: number[] }[]>(
    levelCandidatesSql(context, fromLevel),
  );
  return { level: row?.level ?? null, ids: row?.ids ?? [] };
}

/** The statement of levelCandidates (exported for bench/ and its EXPLAIN in docs/vote-path.md). */
export function levelCandidatesSql(
  {
    projectId,
    annotatorId,
    targetVotes,
    exclude,
    limit,
  }: Pick<SelectionContext, "projectId" | "annotatorId" | "targetVotes" | "exclude" | "limit">,
  fromLevel: number,
): Prisma.Sql {
  const eligible = Prisma.sql`
    i.id <> ALL(${exclude}::int[])
    AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = ${annotatorId} OFFSET 0)
    AND i.vote_count + (SELECT count(*) FROM task_leases l
                        WHERE l.image_id = i.id AND l.expires_at > ${UTC_NOW}) < ${targetVotes}`;
  return Prisma.sql`
    WITH first AS (
      SELECT project_id, vote_count FROM images
      WHERE (project_id, vote_count, id) >= (${projectId}, ${fromLevel}, 0)
      ORDER BY project_id, vote_count, id LIMIT 1
    ), level AS (
      SELECT vote_count AS level FROM first WHERE project_id = ${projectId} AND vote_count < ${targetVotes}
    ), bounds AS (
      SELECT level,
        (SELECT id FROM images WHERE (project_id, vote_count, id) >= (${projectId}, level, 0)
         ORDER BY project_id, vote_count, id LIMIT 1) AS lo,
        (SELECT id FROM images WHERE (project_id, vote_count, id) <= (${projectId}, level, 2147483647)
         ORDER BY project_id DESC, vote_count DESC, id DESC LIMIT 1) AS hi
      FROM level
    ), pivot AS (
      SELECT level, lo, lo + floor(random() * (hi - lo + 1))::int AS id FROM bounds
    ), walk AS (
      -- Both ends as row comparisons on the index's columns, nothing else: an equality on
      -- project_id or vote_count beside them makes the b-tree start at the level's first entry and
      -- walk to the pivot. The pivot as scalar subqueries (InitPlans), so its values bound the scan.
      (SELECT i.id FROM images i
       WHERE (i.project_id, i.vote_count, i.id) >= (${projectId}, (SELECT level FROM pivot), (SELECT id FROM pivot))
         AND (i.project_id, i.vote_count, i.id) <= (${projectId}, (SELECT level FROM pivot), 2147483647)
         AND ${eligible}
       ORDER BY i.project_id, i.vote_count, i.id LIMIT ${limit})
      UNION ALL
      (SELECT i.id FROM images i
       WHERE (i.project_id, i.vote_count, i.id) >= (${projectId}, (SELECT level FROM pivot), (SELECT lo FROM pivot))
         AND (i.project_id, i.vote_count, i.id) < (${projectId}, (SELECT level FROM pivot), (SELECT id FROM pivot))
         AND ${eligible}
       ORDER BY i.project_id, i.vote_count, i.id LIMIT ${limit})
    )
    SELECT (SELECT level FROM level) AS level, ARRAY(SELECT id FROM walk LIMIT ${limit}) AS ids`;
}
