// Where an image goes when its source did not say: a deterministic place in train, valid or test,
// computed from the image's content hash and the project's split seed, so the same face lands in
// the same split on every import, re-upload and machine. Pure: no database.
import { z } from "zod";
import { mixSeed, seededRng } from "../random";

export const SPLITS = ["train", "valid", "test"] as const;
export type SplitName = (typeof SPLITS)[number];

/** A split chosen for an upload: one of the three, or "auto" (absent or empty: auto) for Chorus to place. */
export const splitChoiceSchema = z
  .union([z.enum(SPLITS), z.literal("auto"), z.literal("")])
  .optional()
  .transform((value): SplitName | null => (value === "auto" || !value ? null : value));

/** Percent of a project's images per split (project settings `splitRatios`). */
export const splitRatiosSchema = z
  .object({
    train: z.number().int().min(0).max(100),
    valid: z.number().int().min(0).max(100),
    test: z.number().int().min(0).max(100),
  })
  .strict()
  .refine((r) => r.train + r.valid + r.test === 100, "train, valid and test must add up to 100 (percent)")
  // Training needs images to learn from and images to choose its epoch on; test may be empty.
  .refine((r) => r.train > 0 && r.valid > 0, "train and valid each need at least 1 percent");

export type SplitRatios = z.infer<typeof splitRatiosSchema>;

export const DEFAULT_SPLIT_RATIOS: SplitRatios = { train: 80, valid: 10, test: 10 };

/** What placing an image needs: the ratios and the seed, both from the project's settings. */
export interface SplitPlan {
  ratios: SplitRatios;
  seed: number;
}

/**
 * The image's position, uniform in [0, 1): the first 64 bits of its sha256 (hex) and the seed,
 * mixed (FNV-1a) into one Mulberry32 draw. Independent of the ratios, so changing them moves only
 * the images near a boundary.
 */
export function splitPosition(sha256: string, seed: number): number {
  if (!/^[0-9a-f]{16}/i.test(sha256)) throw new Error(`not a sha256 hex digest: "${sha256}"`);
  const high = Number.parseInt(sha256.slice(0, 8), 16);
  const low = Number.parseInt(sha256.slice(8, 16), 16);
  return seededRng(mixSeed(seed, high, low))();
}

/** The split of an image: its position against the cumulative ratios (train, then valid, then test). */
export function assignSplit(sha256: string, plan: SplitPlan): SplitName {
  const position = splitPosition(sha256, plan.seed) * 100;
  if (position < plan.ratios.train) return "train";
  if (position < plan.ratios.train + plan.ratios.valid) return "valid";
  return "test";
}
