// Pretraining settings: one zod schema shared by the CLI, the `pretrain` job payload, the Models page's
// form and the benchmark. Every field has a default, so `pretrainSettingsSchema.parse({})` is a full run.
import { z } from "zod";
import { trainSettingsSchema } from "./settings";

export const pretrainSettingsSchema = z.object({
  /** The classifier size the encoder is for: fine-tuning needs the same conv widths. */
  modelSize: trainSettingsSchema.shape.modelSize,
  /**
   * Input scaling of the encoder's trunk, the classifier's setting (recipe-settings.ts) with its default:
   * a fine-tune starts from an encoder only when it scales its input the same way
   * (lib/model-store/architecture.ts).
   */
  inputNorm: trainSettingsSchema.shape.inputNorm,
  /** Share of the 36 patches masked per image; SimMIM's best for 32px patches was about 0.6 (table 1). */
  maskRatio: z.number().min(0.05).max(0.95).default(0.6),
  epochs: z.number().int().min(1).max(500).default(4),
  /** Wall-clock budget in minutes: replaces `epochs` (the run stops after the batch that crosses it). */
  minutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  batchSize: z.number().int().min(1).max(1024).default(64),
  learningRate: z.number().positive().max(10).default(0.001),
  seed: trainSettingsSchema.shape.seed,
  /** Random crop and flip, as for classification (batch.ts); masks are drawn after it. */
  augment: z.boolean().default(true),
  /**
   * Reconstruct each patch's pixels normalised by that patch's own mean and standard deviation (MAE,
   * He et al. 2022, sec. 4 "pixels w/ per-patch norm"; SimMIM sec. 4.1 compares the same targets) rather
   * than raw brightness: raw targets let the trunk get by on a patch's mean grey level.
   */
  normalizeTarget: z.boolean().default(true),
  /** Pixels of the test split are used only when the researcher opts in; labels never are. */
  includeTest: z.boolean().default(false),
});

export type PretrainSettings = z.infer<typeof pretrainSettingsSchema>;
export type PretrainSettingsInput = z.input<typeof pretrainSettingsSchema>;
