// Raw SQL of the selection policies (lib/tasks/policies/: fixed, settled, active, gold), one home
// (docs/architecture.md, "Data layer"): each statement says why Prisma's query API cannot say it.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { SelectionContext } from "../policies/context";
import { UTC_NOW } from "./time";

// Raw: row-comparison index probes, a random pivot and OFFSET 0 fences (docs/vote-path.md), none of
// which Prisma can say; the plan is the point of this statement.
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

// Raw: runs levelCandidatesSql (see there).
/** The lowest level at or above `fromLevel` and its candidate ids; none when nothing is below target. */
export function levelCandidateRows(
  context: Parameters<typeof levelCandidatesSql>[0],
  fromLevel: number,
): Promise<{ level: number | null; ids: number[] }[]> {
  return db.$queryRaw<{ level: number | null; ids: number[] }[]>(levelCandidatesSql(context, fromLevel));
}

// Raw: GROUP BY an int[] column (Prisma's groupBy cannot group by a list field).
/** The project's distinct count vectors with how many images have each. */
export function countVectorGroups(projectId: number): Promise<{ counts: number[]; images: number }[]> {
  return db.$queryRaw<{ counts: number[]; images: number }[]>`
    SELECT counts, count(*)::int AS images FROM images WHERE project_id = ${projectId} GROUP BY counts`;
}

// Raw: a fragment of the two statements below (correlated lease count, int[] anti-filter).
/** SQL condition: an image this annotator may be given (below target with live leases, not voted, not excluded). */
function eligible(context: SelectionContext): Prisma.Sql {
  const { projectId, annotatorId, targetVotes, exclude } = context;
  return Prisma.sql`
    i.project_id = ${projectId} AND i.vote_count < ${targetVotes}
    AND i.id <> ALL(${exclude}::int[])
    AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = ${annotatorId})
    AND i.vote_count + (SELECT count(*) FROM task_leases l
                        WHERE l.image_id = i.id AND l.expires_at > ${UTC_NOW}) < ${targetVotes}`;
}

// Raw: compares int[] columns as text against a text[] parameter and orders by random().
/** Candidates of `settled`: eligible, not of a retired vector (`retired`: int[] literals), fewest votes first. */
export function settledCandidateRows(
  context: SelectionContext,
  retired: string[],
): Promise<{ id: number; vote_count: number }[]> {
  return db.$queryRaw<{ id: number; vote_count: number }[]>`
    SELECT i.id, i.vote_count FROM images i
    WHERE ${eligible(context)} AND NOT (i.counts::text = ANY(${retired}::text[]))
    ORDER BY i.vote_count, random() LIMIT ${context.limit}`;
}

// Raw: a random sample (ORDER BY random()) joined to one model's predictions, array columns.
/** `sample` random eligible images with their counts and the model's prediction (null without). */
export function activeSampleRows(
  context: SelectionContext,
  modelId: number | null,
  sample: number,
): Promise<{ id: number; counts: number[]; prediction: number[] | null }[]> {
  return db.$queryRaw<{ id: number; counts: number[]; prediction: number[] | null }[]>`
    SELECT i.id, i.counts, p.distribution AS prediction FROM images i
    LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = ${modelId}::int
    WHERE ${eligible(context)}
    ORDER BY random() LIMIT ${sample}`;
}

// Raw: Prisma writes an empty list for null, and NULL is what "not gold" means in SQL.
/** Sets (or clears, with null) the image's gold reference distribution. */
export function writeGoldDistribution(imageId: number, stored: number[] | null): Promise<number> {
  return db.$executeRaw`UPDATE images SET gold_distribution = ${stored}::float8[] WHERE id = ${imageId}`;
}

// Raw: a set-based UPDATE computing each row's shares from its own int[] column (unnest).
/** Marks the images gold with their current vote shares; how many. */
export function markGoldFromShares(projectId: number, imageIds: number[]): Promise<number> {
  return db.$executeRaw`
    UPDATE images SET gold_distribution =
      ARRAY(SELECT c::float8 / vote_count FROM unnest(counts) WITH ORDINALITY AS t(c, k) ORDER BY k)
    WHERE project_id = ${projectId} AND id = ANY(${imageIds}::int[]) AND vote_count > 0`;
}

// Raw: ORDER BY random() with an anti-join on votes; Prisma cannot order randomly.
/** Up to 8 random gold images of the project the annotator has not voted on. */
export function goldCandidateRows(
  projectId: number,
  annotatorId: string,
  exclude: number[],
): Promise<{ id: number }[]> {
  return db.$queryRaw<{ id: number }[]>`
    SELECT i.id FROM images i
    WHERE i.project_id = ${projectId} AND i.gold_distribution IS NOT NULL AND i.id <> ALL(${exclude}::int[])
      AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = ${annotatorId})
    ORDER BY random() LIMIT 8`;
}
