// Per-project settings stored in projects.settings (JSONB), validated here. Every key has a
// default so that old rows and partial updates stay valid. Owners of each feature add their keys.
import { z } from "zod";
import { DEFAULT_SPLIT_RATIOS, splitRatiosSchema, type SplitPlan } from "../splits/assign";
import { annotatorGuideSettings } from "./annotator-guide";

export const projectSettingsSchema = z.object({
  // How the next task is chosen: fixed overlap (target_votes), retire settled distributions, or model-in-the-loop.
  assignmentPolicy: z.enum(["fixed", "settled", "active"]).default("fixed"),
  // How long a fetched task is reserved for its annotator.
  leaseSeconds: z.number().int().min(10).max(3600).default(120),
  // Retrain automatically after this many new votes since the last model (0: never).
  retrainEveryVotes: z.number().int().min(0).max(10_000_000).default(0),
  // Automatic retrains: wall-clock budget in minutes (0: the previous run's epochs), and whether they
  // start from the newest published model of the same size and classes (lib/model-store/warm-start.ts).
  retrainMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
  retrainWarmStart: z.boolean().default(true),
  // Share of an annotator's tasks drawn from gold images (0: none).
  goldRate: z.number().min(0).max(0.5).default(0),
  // Answers faster than this are flagged.
  minAnswerMs: z.number().int().min(0).max(60_000).default(700),
  // Exclude paused annotators' votes from stats, exports and training.
  excludePausedAnnotators: z.boolean().default(true),
  // Quality control (lib/quality, docs/quality.md). Gold references are mixed with the uniform
  // distribution at this weight before scoring, so an answer no panelist gave costs ln(e/K), not -inf.
  goldSmoothing: z.number().gt(0).max(1).default(0.05),
  // Gold answers per point of the rolling gold-score trend.
  goldTrendWindow: z.number().int().min(1).max(1000).default(20),
  // Flag annotators whose gold skill (0 = random, 1 = calibrated) is below this, after minGoldAnswers.
  minGoldSkill: z.number().min(-10).max(10).default(0.25),
  minGoldAnswers: z.number().int().min(1).max(10_000).default(5),
  // Flag annotators with more than this share of answers faster than minAnswerMs.
  maxFastShare: z.number().min(0).max(1).default(0.2),
  // Flag annotators who gave the same label this many times in a row.
  straightLineRun: z.number().int().min(2).max(1000).default(10),
  // Share of tasks that show an annotator an image again (hidden repeat, lib/quality/repeats.ts), once
  // they have voted on repeatAfterTasks other images since (0: right away; tests use rate 1, delay 0).
  repeatRate: z.number().min(0).max(1).default(0.05),
  repeatAfterTasks: z.number().int().min(0).max(10_000).default(20),
  // Flag annotators agreeing with themselves on fewer than this share of repeats, after minRepeats.
  minSelfAgreement: z.number().min(0).max(1).default(0.5),
  minRepeats: z.number().int().min(1).max(10_000).default(5),
  // Dirichlet prior over an image's distribution: this many pseudo-votes spread as the project's label shares.
  dirichletPriorStrength: z.number().gt(0).max(1000).default(1),
  // "settled" policy: which rule retires an image, its threshold, and the fewest votes before it may.
  settledRule: z.enum(["entropy_interval", "expected_kl"]).default("expected_kl"),
  settledEntropyWidth: z.number().gt(0).max(10).default(0.5),
  settledExpectedKl: z.number().gt(0).max(10).default(0.15),
  settledMinVotes: z.number().int().min(1).max(1000).default(3),
  // "active" policy: weight of the model's prediction in pseudo-votes, and the share of random picks.
  modelPriorStrength: z.number().gt(0).max(1000).default(2),
  activeRandomShare: z.number().min(0).max(1).default(0.1),
  // Where images without a split from their source go (lib/splits): percent per split, and the seed
  // mixed with each image's content hash. Changing either places new images only, until a re-split.
  splitRatios: splitRatiosSchema.default(DEFAULT_SPLIT_RATIOS),
  splitSeed: z.number().int().min(0).max(2_147_483_647).default(0),
  // What annotators see: instructions, example faces, "n of N" and the completion screen (annotator-guide.ts).
  ...annotatorGuideSettings,
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

/** Settings of a project row, with defaults filled in; an invalid stored value is reported, not ignored. */
export function parseProjectSettings(value: unknown): ProjectSettings {
  return projectSettingsSchema.parse(value ?? {});
}

/** Where a project places images without a split: its ratios and seed (lib/splits/assign.ts). */
export function splitPlanOf(settings: Pick<ProjectSettings, "splitRatios" | "splitSeed">): SplitPlan {
  return { ratios: settings.splitRatios, seed: settings.splitSeed };
}
