// What a gallery URL may ask for (filters, sort, keyset cursor), parsed with zod, and the SQL each
// filter and sort stands for. Shared by the gallery and the image page's previous/next links.
import { z } from "zod";
import { Prisma } from "../generated/prisma/client";

export const GALLERY_SORTS = ["entropy", "confidence", "divergence", "votes"] as const;
export type GallerySort = (typeof GALLERY_SORTS)[number];

/** A keyset cursor "value~id": the sort value and id of the last (or first) face of a page. */
const cursorSchema = z
  .string()
  .regex(/^-?[0-9.eE+-]+~[0-9]+$/, "expected value~id")
  .transform((text) => {
    const [value, id] = text.split("~");
    return { value: Number(value), id: Number(id) };
  })
  .refine((cursor) => Number.isFinite(cursor.value) && Number.isSafeInteger(cursor.id), "not a cursor");

/** Gallery filters as they arrive in the URL; empty strings mean "any". */
export const galleryFiltersSchema = z.object({
  split: z.enum(["train", "valid", "test"]).optional(),
  /** Crowd majority label (index; the first label wins ties). */
  label: z.coerce.number().int().min(0).optional(),
  /** The latest model's top label (index). */
  model: z.coerce.number().int().min(0).optional(),
  gold: z.enum(["yes", "no"]).optional(),
  /** Part of the image name, case-insensitive. */
  q: z.string().max(200).optional(),
  minEntropy: z.coerce.number().min(0).optional(),
  maxEntropy: z.coerce.number().min(0).optional(),
  sort: z.enum(GALLERY_SORTS).default("entropy"),
  dir: z.enum(["desc", "asc"]).default("desc"),
  after: cursorSchema.optional(),
  before: cursorSchema.optional(),
});

export type ParsedGalleryFilters = z.output<typeof galleryFiltersSchema>;

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

/** The filters (no cursor) as URL parameters, for links that keep the researcher's view. */
export function galleryQuery(filters: ParsedGalleryFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ["split", "label", "model", "gold", "q", "minEntropy", "maxEntropy"] as const) {
    const value = filters[key];
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  if (filters.sort !== "entropy") query.set("sort", filters.sort);
  if (filters.dir !== "desc") query.set("dir", filters.dir);
  return query;
}

/**
 * The tie-break of a sort: the image id, taken from the table whose index holds the sort key, so a
 * page is one index range scan (images (project_id, entropy) / predictions (model_id, key, image_id)).
 */
export function tieBreak(sort: GallerySort): Prisma.Sql {
  return sort === "confidence" || sort === "divergence" ? Prisma.sql`p.image_id` : Prisma.sql`i.id`;
}

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

/** The WHERE conditions of the filters (not the cursor) on `images i LEFT JOIN predictions p`. */
export function filterConditions(projectId: number, filters: ParsedGalleryFilters): Prisma.Sql[] {
  const conditions = [Prisma.sql`i.project_id = ${projectId}`, Prisma.sql`i.vote_count > 0`];
  if (filters.split) conditions.push(Prisma.sql`i.split = ${filters.split}::"Split"`);
  if (filters.minEntropy !== undefined) conditions.push(Prisma.sql`i.entropy >= ${filters.minEntropy}`);
  if (filters.maxEntropy !== undefined) conditions.push(Prisma.sql`i.entropy <= ${filters.maxEntropy}`);
  if (filters.label !== undefined) {
    // Majority with the project's tie rule: the first label (lowest index) holding the top count.
    conditions.push(
      Prisma.sql`array_position(i.counts, (SELECT max(c) FROM unnest(i.counts) AS c)) - 1 = ${filters.label}`,
    );
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
