// Training settings: one zod schema shared by the retrain form, the job payload, the CLI and the
// benchmarks. Every field has a default so `trainSettingsSchema.parse({})` is a full run.
import { z } from "zod";
import { pllRecipeSettings, recipeSettings } from "./recipe-settings";

export const PARADIGMS = ["majority", "soft", "pld", "pll"] as const;
export type Paradigm = (typeof PARADIGMS)[number];

/** Base width (channels of the first conv block) per named model size; blocks double it. */
export const MODEL_WIDTHS = { tiny: 8, small: 16, medium: 32, large: 64 } as const;
export type ModelSize = keyof typeof MODEL_WIDTHS;

export const trainSettingsSchema = z
  .object({
    paradigm: z.enum(PARADIGMS).default("soft"),
    epochs: z.number().int().min(1).max(500).default(8),
    batchSize: z.number().int().min(1).max(1024).default(64),
    learningRate: z.number().positive().max(10).default(0.001),
    optimizer: z.enum(["adam", "sgd"]).default("adam"),
    /** SGD momentum (ignored by Adam). */
    momentum: z.number().min(0).max(0.999).default(0.9),
    /** Learning-rate schedule over all batches: constant, cosine decay to 0, or x0.1 at 50% and 75%. */
    schedule: z.enum(["constant", "cosine", "step"]).default("cosine"),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    modelSize: z.enum(["tiny", "small", "medium", "large"]).default("small"),
    /** Random crop (shift of up to `cropPadding` pixels, edges replicated) and horizontal flip. */
    augment: z.boolean().default(true),
    cropPadding: z.number().int().min(0).max(12).default(4),
    /** PLL candidate rule (unless `candidateRule` is set): emotions with at least this many votes; none -> the top one. */
    candidateMinVotes: z.number().int().min(1).max(1000).default(2),
    /** Linear learning-rate warm-up over this many batches (Goyal et al. 2017, sec. 2.2) before the schedule. */
    warmupSteps: z.number().int().min(0).max(100_000).default(0),
    /** Dropout rate on the hidden layer's units, a fresh seeded mask every batch (dropout.ts); 0: off. */
    dropout: z.number().min(0).max(0.9).default(0),
    /**
     * Wall-clock budget in minutes: replaces `epochs`. The step count is fixed from the first batches'
     * timing (budget.ts) so the schedule ends at zero when the budget does; the run reports the epochs it managed.
     */
    minutes: z
      .number()
      .positive()
      .max(7 * 24 * 60)
      .optional(),
    /** Threads splitting every batch (data-parallel, parallel.ts); unset: all cores. Results depend on it. */
    threads: z.number().int().min(1).max(64).optional(),
    /**
     * pll from a pretrained encoder: weight of the encoder's feature prior (class prototypes in its embedding,
     * lib/model/feature-prior.ts) in the initial candidate weights; 0: vote shares only. Unused otherwise.
     */
    featurePrior: z.number().min(0).max(1).default(0.5),
    /** At most this many training images (a seeded random subset); unset: all. */
    limit: z.number().int().positive().optional(),
    ...recipeSettings,
  })
  .refine((s) => !(s.mixup > 0 && s.paradigm === "pll"), {
    message: "mixup does not combine with pll: PRODEN needs the model's predictions on unmixed images",
    path: ["mixup"],
  })
  .refine((s) => !(s.emaDecay > 0 && s.swaStart > 0), {
    message: "swaStart does not combine with emaDecay: both replace the weights by an average of them",
    path: ["swaStart"],
  })
  .refine((s) => s.prototypeWeight + s.voteWeight <= 1, {
    message: "prototypeWeight + voteWeight must be at most 1 (the rest is PRODEN's prediction weight)",
    path: ["prototypeWeight"],
  });

/** The settings only pll reads: not part of another paradigm's recipe (bench:ferplus-summary's rows). */
export const PLL_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  "candidateMinVotes",
  "featurePrior",
  ...Object.keys(pllRecipeSettings),
]);

export type TrainSettings = z.infer<typeof trainSettingsSchema>;
/** Input type: any subset of the settings (defaults fill the rest). */
export type TrainSettingsInput = z.input<typeof trainSettingsSchema>;
