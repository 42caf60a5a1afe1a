// Which network a stored set of weights fits: its model size (conv widths), its depth (conv blocks), its
// input scaling and whether it has batch-norm layers. A run may start from a published model (warm start)
// or an encoder's trunk only when these match its own settings: another size, depth or batch norm does
// not even load (other shapes, other weight count), and another input scaling loads but feeds the trunk pixels on a scale it never learned
// (an encoder pretrained on [-1, 1] faces sees zero-mean, unit-std ones). The rule's one home; warm-start.ts
// and encoders.ts use it.
import { z } from "zod";
import { recipeSettings } from "../model/recipe-settings";
import type { TrainSettings } from "../model/settings";

export type Architecture = {
  modelSize: string;
  inputNorm: z.infer<typeof recipeSettings.inputNorm>;
  batchNorm: boolean;
  convBlocks: number;
};

/**
 * Settings stored before `inputNorm`, `batchNorm` and `convBlocks` existed (models before issue 12's recipe,
 * encoders before 2026-12-02; every encoder, which pretraining builds with three blocks) lack them; those
 * networks scaled to [-1, 1], had no batch norm and three conv blocks. This is NOT the schema's default: since the
 * recipe defaults were chosen on FER2013Valid, a new run scales per image.
 */
const BEFORE_THE_SETTINGS = { inputNorm: "range", batchNorm: false, convBlocks: 3 } as const;

const storedSchema = z.object({
  modelSize: z.string(),
  inputNorm: recipeSettings.inputNorm.removeDefault().default(BEFORE_THE_SETTINGS.inputNorm),
  batchNorm: z.boolean().default(BEFORE_THE_SETTINGS.batchNorm),
  convBlocks: recipeSettings.convBlocks.removeDefault().default(BEFORE_THE_SETTINGS.convBlocks),
});

/** The architecture stored settings (a model's or an encoder's) record, or null if they name no model size. */
export function architectureOf(settings: unknown): Architecture | null {
  const parsed = storedSchema.safeParse(settings);
  return parsed.success ? parsed.data : null;
}

/** The architecture a run's parsed settings build. */
export function runArchitecture(settings: TrainSettings): Architecture {
  const { modelSize, inputNorm, batchNorm, convBlocks } = settings;
  return { modelSize, inputNorm, batchNorm, convBlocks };
}

/** True when weights stored with `stored`'s settings can start a run of architecture `run`. */
export function fitsArchitecture(stored: unknown, run: Architecture): boolean {
  const arch = architectureOf(stored);
  return (
    arch !== null &&
    arch.modelSize === run.modelSize &&
    arch.inputNorm === run.inputNorm &&
    arch.batchNorm === run.batchNorm &&
    arch.convBlocks === run.convBlocks
  );
}

/** "per-image input scaling" or "[-1, 1] input scaling". */
export function describeInputNorm(inputNorm: Architecture["inputNorm"]): string {
  return `${inputNorm === "perImage" ? "per-image" : "[-1, 1]"} input scaling`;
}

/** "model size small, per-image input scaling, no batch norm" (", 4 conv blocks" when not 3): for logs and errors. */
export function describeArchitecture(arch: Architecture): string {
  const norm = arch.batchNorm ? "batch norm" : "no batch norm";
  const depth = arch.convBlocks === BEFORE_THE_SETTINGS.convBlocks ? "" : `, ${arch.convBlocks} conv blocks`;
  return `model size ${arch.modelSize}, ${describeInputNorm(arch.inputNorm)}, ${norm}${depth}`;
}
