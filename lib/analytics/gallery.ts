// The ambiguity gallery: faces ranked by entropy (most ambiguous first) with filters, from the
// images table alone (entropy and counts are kept in step with the votes by triggers).
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

export const GALLERY_PAGE_SIZE = 48;

/** Gallery filters as they arrive in the URL; empty strings mean "any". */
export const galleryFiltersSchema = z.object({
  split: z.enum(["train", "valid", "test"]).optional(),
  label: z.coerce.number().int().min(0).optional(),
  minEntropy: z.coerce.number().min(0).optional(),
  maxEntropy: z.coerce.number().min(0).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
});

export type GalleryFilters = z.infer<typeof galleryFiltersSchema>;

export interface GalleryImage {
  id: number;
  externalName: string;
  split: string | null;
  counts: number[];
  voteCount: number;
  entropy: number;
}

/** Parses URL search params into filters; invalid values become errors naming the field. */
export function parseGalleryFilters(params: Record<string, string | string[] | undefined>) {
  const plain = Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) => {
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined || first === "" ? [] : [[key, first]];
    }),
  );
  return galleryFiltersSchema.safeParse(plain);
}

/** One page of images with votes, most ambiguous first, and the number of matching images. */
export async function loadGallery(projectId: number, filters: GalleryFilters) {
  const conditions: Prisma.Sql[] = [Prisma.sql`project_id = ${projectId}`, Prisma.sql`vote_count > 0`];
  if (filters.split) conditions.push(Prisma.sql`split = ${filters.split}::"Split"`);
  if (filters.minEntropy !== undefined) conditions.push(Prisma.sql`entropy >= ${filters.minEntropy}`);
  if (filters.maxEntropy !== undefined) conditions.push(Prisma.sql`entropy <= ${filters.maxEntropy}`);
  if (filters.label !== undefined) {
    // Majority with the project's tie rule: the first label (lowest index) holding the top count.
    conditions.push(
      Prisma.sql`array_position(counts, (SELECT max(c) FROM unnest(counts) AS c)) - 1 = ${filters.label}`,
    );
  }
  const where = Prisma.join(conditions, " AND ");
  const offset = (filters.page - 1) * GALLERY_PAGE_SIZE;
  const [images, [total]] = await Promise.all([
    db.$queryRaw<GalleryImage[]>`
      SELECT id, external_name AS "externalName", split::text AS split, counts, vote_count AS "voteCount", entropy
      FROM images WHERE ${where} ORDER BY entropy DESC, id LIMIT ${GALLERY_PAGE_SIZE} OFFSET ${offset}`,
    db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM images WHERE ${where}`,
  ]);
  return { images, total: total?.count ?? 0, pageSize: GALLERY_PAGE_SIZE };
}
