// What an export is asked for: a format and the filters that pick its images. One zod schema each,
// shared by the export page's form, the API routes, the CLI and the background job.
import { z } from "zod";

export const EXPORT_FORMATS = ["csv", "jsonl", "parquet", "ferplus"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const SPLITS = ["train", "valid", "test"] as const;
export type SplitName = (typeof SPLITS)[number];

export const exportFormatSchema = z.enum(EXPORT_FORMATS);

/** Which images an export holds; every field is optional and they combine with AND. */
export const exportFiltersSchema = z
  .object({
    /** Only images in these splits (images without a split are left out when this is set). */
    splits: z.array(z.enum(SPLITS)).min(1).optional(),
    /** Only images whose majority label (ties: first in label order) is this label name. */
    majority: z.string().trim().min(1).optional(),
    /** Only images with at least this many votes. */
    minVotes: z.coerce.number().int().min(0).optional(),
    /** Only images whose vote entropy (nats) lies in [entropyMin, entropyMax]. */
    entropyMin: z.coerce.number().finite().min(0).optional(),
    entropyMax: z.coerce.number().finite().min(0).optional(),
  })
  .strict()
  .refine((f) => f.entropyMin === undefined || f.entropyMax === undefined || f.entropyMin <= f.entropyMax, {
    message: "entropyMin must not exceed entropyMax",
    path: ["entropyMax"],
  });
export type ExportFilters = z.infer<typeof exportFiltersSchema>;

/** A request to export: the format, the filters, and the dataset card fields the researcher filled in. */
export const exportRequestSchema = z.object({
  format: exportFormatSchema,
  filters: exportFiltersSchema.default({}),
  license: z.string().trim().max(2000).optional(),
  provenance: z.string().trim().max(10_000).optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** License and provenance for the card of one download (`?license=&provenance=`), overriding the project's. */
export function cardFieldsFromSearchParams(params: URLSearchParams) {
  return exportRequestSchema.pick({ license: true, provenance: true }).parse({
    license: params.get("license") ?? undefined,
    provenance: params.get("provenance") ?? undefined,
  });
}

/** Splits from a comma-separated list (`train,valid`), as the CLI and query strings give them. */
export function parseSplitList(value: string | null | undefined): string[] | undefined {
  if (value === undefined || value === null || value.trim() === "") return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Filters from URL query parameters (`split`, `majority`, `minVotes`, `entropyMin`, `entropyMax`);
 * throws a ZodError naming the bad parameter.
 */
export function filtersFromSearchParams(params: URLSearchParams): ExportFilters {
  const pick = (name: string) => params.get(name) ?? undefined;
  return exportFiltersSchema.parse({
    splits: parseSplitList(params.get("split")),
    majority: pick("majority"),
    minVotes: pick("minVotes") ?? pick("min_votes"),
    entropyMin: pick("entropyMin") ?? pick("entropy_min"),
    entropyMax: pick("entropyMax") ?? pick("entropy_max"),
  });
}
