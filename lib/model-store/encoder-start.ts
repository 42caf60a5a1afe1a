// Where a training run starts: random weights, the newest published model (warm start, warm-start.ts), or
// the newest pretrained encoder's conv trunk (docs/pretraining.md). The rule's one home.
import { z } from "zod";
import { trainSettingsSchema } from "../model/settings";

/** `auto`: the encoder when one fits; `pretrained`: the encoder or fail; `scratch`: never an encoder. */
export const INIT_MODES = ["auto", "scratch", "pretrained"] as const;
export const initModeSchema = z.enum(INIT_MODES);
export type InitMode = z.infer<typeof initModeSchema>;
/**
 * `auto`: on all FER+ faces a retrain from the encoder beat a retrain from scratch of the same length at
 * 100 %, 25 % and 10 % of the labels (bench/results/pretrain.md), so retrains, automatic ones included,
 * use the project's encoder when one fits; without one they start from scratch.
 */
export const DEFAULT_INIT_MODE: InitMode = "auto";
/** The `init` field of a retrain request and of a `train` job's payload. */
export const initFieldSchema = initModeSchema.default(DEFAULT_INIT_MODE);

/**
 * A retrain request (POST /api/projects/{id}/models, the Models page's form): the training settings and
 * where the run starts. strict(): a misspelt setting is an error naming it, not silently a default.
 */
export const retrainRequestSchema = trainSettingsSchema.safeExtend({ init: initFieldSchema }).strict();

type Warm = { id: number; encoderId: number | null };
type Encoder = { id: number };

export type StartChoice<W extends Warm, E extends Encoder> =
  | { from: "scratch"; encoderId: null }
  | { from: "warm"; warm: W; encoderId: number | null }
  | { from: "encoder"; encoder: E; encoderId: number };

/**
 * A warm-start model already holds a fine-tuned trunk, so it wins when it descends from the newest encoder
 * (or there is none); a newer encoder than the one the warm model came from wins over it, since the
 * researcher pretrained again on purpose. `pretrained` asks for the encoder whatever the warm model.
 * A warm-started model inherits its parent's encoder, so "which models used it" covers the whole line.
 */
export function chooseStart<W extends Warm, E extends Encoder>(
  init: InitMode,
  warm: W | null,
  encoder: E | null,
): StartChoice<W, E> {
  if (init === "pretrained") {
    if (!encoder) throw new Error("no encoder for pretrained init"); // callers check first (cannot-train)
    return { from: "encoder", encoder, encoderId: encoder.id };
  }
  const usable = init === "auto" ? encoder : null;
  if (warm && (!usable || warm.encoderId === usable.id))
    return { from: "warm", warm, encoderId: warm.encoderId };
  if (usable) return { from: "encoder", encoder: usable, encoderId: usable.id };
  return { from: "scratch", encoderId: null };
}
