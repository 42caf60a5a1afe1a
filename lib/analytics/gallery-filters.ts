// What a gallery URL may ask for (filters, sort, keyset cursor), parsed with zod; the SQL each filter
// and sort stands for is in sql/gallery.ts. Shared by the gallery and the image page's previous/next links.
import { z } from "zod";

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
