// Per-project settings stored in projects.settings (JSONB), validated here. Every key has a
// default so that old rows and partial updates stay valid. Owners of each feature add their keys.
// Each key's metadata (zod .meta) is its one description: `title` and `description` label it in the
// settings form and the OpenAPI document, `formGroup` places it in the form (settings-form.ts; keys
// without one have their own panel or are API-only), and the form reads min, max and step from the
// schema itself.
import { z } from "zod";
import { DEFAULT_SPLIT_RATIOS, splitRatiosSchema, type SplitPlan } from "../splits/assign";
import { annotatorGuideSettings } from "./annotator-guide";

/** The settings form's groups, in the order it shows them. */
export const SETTINGS_FORM_GROUPS = [
  "Assignment",
  "Settled rule (policy \u201csettled\u201d)",
  "Quality control",
  "Training",
] as const;
export type SettingsFormGroup = (typeof SETTINGS_FORM_GROUPS)[number];

/** A key's metadata: label, help text and (when the settings form shows it) its group. */
export function setting(title: string, description: string, formGroup?: SettingsFormGroup) {
  return formGroup ? { title, description, formGroup } : { title, description };
}

const [ASSIGNMENT, SETTLED, QUALITY, TRAINING] = SETTINGS_FORM_GROUPS;

export const projectSettingsSchema = z.object({
  assignmentPolicy: z
    .enum(["fixed", "settled", "active"])
    .default("fixed")
    .meta(
      setting(
        "Assignment policy",
        "fixed overlap, retire settled distributions, or model-in-the-loop",
        ASSIGNMENT,
      ),
    ),
  leaseSeconds: z
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(120)
    .meta(setting("Lease (seconds)", "how long a task is reserved for its annotator", ASSIGNMENT)),
  retrainEveryVotes: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .meta(setting("Retrain every N new votes", "0: never automatically", TRAINING)),
  // Automatic retrains start from the newest published model of the same size and classes when
  // retrainWarmStart is on (lib/model-store/warm-start.ts).
  retrainMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(0)
    .meta(
      setting(
        "Retrain budget (minutes)",
        "wall-clock budget of automatic retrains; 0: the previous run's epochs",
      ),
    ),
  retrainWarmStart: z
    .boolean()
    .default(true)
    .meta(setting("Warm-start retrains", "start automatic retrains from the newest published model")),
  goldRate: z
    .number()
    .min(0)
    .max(0.5)
    .default(0)
    .meta(setting("Gold rate", "share of tasks from gold images", QUALITY)),
  minAnswerMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(700)
    .meta(setting("Fast answer floor (ms)", "answers faster than this count as fast", QUALITY)),
  excludePausedAnnotators: z
    .boolean()
    .default(true)
    .meta(
      setting("Exclude paused annotators' votes", "from stats, exports and training (recounts)", QUALITY),
    ),
  // Quality control (docs/quality.md). Gold references are mixed with the uniform
  // distribution at this weight before scoring, so an answer no panelist gave costs ln(e/K), not -inf.
  goldSmoothing: z
    .number()
    .gt(0)
    .max(1)
    .default(0.05)
    .meta(setting("Gold smoothing", "weight of the uniform distribution mixed into gold references")),
  goldTrendWindow: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(20)
    .meta(setting("Gold trend window", "gold answers per point of the rolling gold-score trend")),
  minGoldSkill: z
    .number()
    .min(-10)
    .max(10)
    .default(0.25)
    .meta(setting("Flag gold skill below", "0 = random, 1 = calibrated; after minGoldAnswers")),
  minGoldAnswers: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(5)
    .meta(
      setting("Gold answers before judging", "gold answers an annotator gives before minGoldSkill applies"),
    ),
  maxFastShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .meta(setting("Flag fast share above", "share of answers faster than minAnswerMs")),
  straightLineRun: z
    .number()
    .int()
    .min(2)
    .max(1000)
    .default(10)
    .meta(setting("Flag straight-line run", "the same label this many times in a row")),
  // Hidden repeats (lib/tasks/policies/repeats.ts): tests use rate 1, delay 0.
  repeatRate: z
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .meta(setting("Hidden repeat rate", "share of tasks that show a voted image again", QUALITY)),
  repeatAfterTasks: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(20)
    .meta(setting("Repeat after (votes)", "other votes before an image may come back", QUALITY)),
  minSelfAgreement: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .meta(setting("Flag self-agreement below", "share of repeats answered the same", QUALITY)),
  minRepeats: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(5)
    .meta(setting("Repeats before judging", "repeats an annotator answers before minSelfAgreement applies")),
  dirichletPriorStrength: z
    .number()
    .gt(0)
    .max(1000)
    .default(1)
    .meta(
      setting(
        "Prior strength (pseudo-votes)",
        "Dirichlet prior over an image's distribution, spread as the project's label shares",
        SETTLED,
      ),
    ),
  settledRule: z
    .enum(["entropy_interval", "expected_kl"])
    .default("expected_kl")
    .meta(setting("Rule", "posterior expected KL, or entropy credible-interval width", SETTLED)),
  settledEntropyWidth: z
    .number()
    .gt(0)
    .max(10)
    .default(0.5)
    .meta(setting("Entropy 90% interval below (nats)", "entropy_interval threshold", SETTLED)),
  settledExpectedKl: z
    .number()
    .gt(0)
    .max(10)
    .default(0.15)
    .meta(setting("Expected KL below (nats)", "expected_kl threshold", SETTLED)),
  settledMinVotes: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(3)
    .meta(setting("Minimum votes before retiring", "", SETTLED)),
  modelPriorStrength: z
    .number()
    .gt(0)
    .max(1000)
    .default(2)
    .meta(
      setting(
        "Model prior strength",
        "\u201cactive\u201d policy: weight of the model's prediction in pseudo-votes",
      ),
    ),
  activeRandomShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .meta(setting("Random share", "\u201cactive\u201d policy: share of random picks")),
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
