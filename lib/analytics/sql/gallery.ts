// Raw SQL of the gallery (lib/analytics/gallery.ts): the SQL each filter and sort stands for and the
// keyset statements, one home (docs/architecture.md, "Data layer"). Raw because the gallery filters
// on int[] and float8[] columns (chorus_majority, cardinality), sorts by a column chosen at run time
// and pages by a row comparison on (sort key, id), none of which Prisma's query API can say.
import { db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import type { GallerySort, ParsedGalleryFilters } from "../gallery-filters";

/** The SQL pieces every gallery statement of one request shares. */
export interface GalleryScope {
  where: Prisma.Sql;
  key: Prisma.Sql;
  id: Prisma.Sql;
  modelId: number;
}

// Raw: a sort column chosen at run time (see the file's head).
/**
 * The tie-break of a sort: the image id, taken from the table whose index holds the sort key, so a
 * page is one index range scan (images (project_id, entropy) / predictions (model_id, key, image_id)).
 */
export function tieBreak(sort: GallerySort): Prisma.Sql {
  return sort === "confidence" || sort === "divergence" ? Prisma.sql`p.image_id` : Prisma.sql`i.id`;
}

// Raw: a sort column chosen at run time (see the file's head).
/** The sort key of an image row `i` joined to its prediction `p`. */
export function sortKey(sort: GallerySort): Prisma.Sql {
  switch (sort) {
    case "entropy":
      return Prisma.sql`i.entropy`;
    case "votes":
      return Prisma.sql`i.vote_count::float8`;
    case "confidence":
      return Prisma.sql`p.confidence`;
    case "divergence":
      return Prisma.sql`p.divergence`;
  }
}

// Raw: conditions on int[] and float8[] columns (chorus_majority, cardinality) and ILIKE.
/** The WHERE conditions of the filters (not the cursor) on `images i LEFT JOIN predictions p`. */
export function filterConditions(projectId: number, filters: ParsedGalleryFilters): Prisma.Sql[] {
  const conditions = [Prisma.sql`i.project_id = ${projectId}`, Prisma.sql`i.vote_count > 0`];
  if (filters.split) conditions.push(Prisma.sql`i.split = ${filters.split}::"Split"`);
  if (filters.minEntropy !== undefined) conditions.push(Prisma.sql`i.entropy >= ${filters.minEntropy}`);
  if (filters.maxEntropy !== undefined) conditions.push(Prisma.sql`i.entropy <= ${filters.maxEntropy}`);
  if (filters.label !== undefined) {
    // Majority: the SQL function chorus_majority (prisma/sql/04_chorus_majority.sql), the one rule.
    conditions.push(Prisma.sql`chorus_majority(i.counts) = ${filters.label}`);
  }
  if (filters.model !== undefined) conditions.push(Prisma.sql`p.top_label = ${filters.model}`);
  if (filters.gold === "yes") conditions.push(Prisma.sql`cardinality(i.gold_distribution) > 0`);
  if (filters.gold === "no") conditions.push(Prisma.sql`COALESCE(cardinality(i.gold_distribution), 0) = 0`);
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`i.external_name ILIKE ${pattern}`);
  }
  // Sorting by a model figure shows the faces the model has compared (others have no value).
  if (filters.sort === "confidence" || filters.sort === "divergence") {
    conditions.push(Prisma.sql`${sortKey(filters.sort)} IS NOT NULL`);
  }
  return conditions;
}

// Raw: assembles the fragments above (see the file's head).
/** The WHERE, sort key and tie-break of the filters, against the predictions of `modelId`. */
export function galleryScope(
  projectId: number,
  filters: ParsedGalleryFilters,
  modelId: number,
): GalleryScope {
  return {
    where: Prisma.join(filterConditions(projectId, filters), " AND "),
    key: sortKey(filters.sort),
    id: tieBreak(filters.sort),
    modelId,
  };
}

/** A gallery row as galleryPageRows returns it, with its sort value. */
export interface GalleryRow {
  id: number;
  externalName: string;
  split: string | null;
  counts: number[];
  voteCount: number;
  entropy: number;
  gold: boolean;
  modelTop: number | null;
  confidence: number | null;
  divergence: number | null;
  key: number;
}

// Raw: a keyset page, a row comparison on (sort key, id) in a direction chosen at run time.
/** `limit` faces after `cursor` (all from the start without one), walking descending or ascending. */
export function galleryPageRows(
  { where, key, id, modelId }: GalleryScope,
  cursor: { value: number; id: number } | null,
  walkDesc: boolean,
  limit: number,
): Promise<GalleryRow[]> {
  const direction = walkDesc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const keyCondition = !cursor
    ? Prisma.sql`TRUE`
    : Prisma.sql`(${key}, ${id}) ${walkDesc ? Prisma.sql`<` : Prisma.sql`>`} (${cursor.value}::float8, ${cursor.id}::int)`;
  return db.$queryRaw<GalleryRow[]>`
    SELECT i.id, i.external_name AS "externalName", i.split::text AS split, i.counts,
           i.vote_count AS "voteCount", i.entropy, COALESCE(cardinality(i.gold_distribution), 0) > 0 AS gold,
           p.top_label AS "modelTop", p.confidence, p.divergence, ${key} AS key
    FROM images i LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = ${modelId}
    WHERE ${where} AND ${keyCondition}
    ORDER BY ${key} ${direction}, ${id} ${direction}
    LIMIT ${limit}`;
}

// Raw: counts under the same run-time WHERE as the pages.
/** How many faces match the filters. */
export function galleryCountRows(scope: GalleryScope): Promise<{ count: number }[]> {
  return db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM images i
      LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = ${scope.modelId} WHERE ${scope.where}`;
}

// Raw: reads the run-time sort key of one face.
/** The sort value of `imageId` (null when it has none, e.g. no prediction). */
export function gallerySortValueRows(
  scope: GalleryScope,
  projectId: number,
  imageId: number,
): Promise<{ key: number | null }[]> {
  return db.$queryRaw<{ key: number | null }[]>`
    SELECT ${scope.key} AS key FROM images i
    LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = ${scope.modelId}
    WHERE i.id = ${imageId} AND i.project_id = ${projectId}`;
}
