// The Retrain form's fields -> the settings JSON that POST /api/projects/{id}/models validates with
// trainSettingsSchema. Kept apart from the form so the mapping is tested without a browser. A blank
// field is left out (the schema's default applies); the server, not this file, judges the values, so
// a bad one comes back as a 400 naming its field.
import { trainSettingsSchema, type TrainSettings } from "@/lib/model/settings";

/** The schema's defaults: what the form shows before the researcher changes anything. */
export const TRAIN_DEFAULTS: TrainSettings = trainSettingsSchema.parse({});

/** The model sizes the schema accepts, in order (both the Retrain and the pretraining form list them). */
export const MODEL_SIZES = trainSettingsSchema.shape.modelSize.unwrap().options;

/** Kinds of PLL candidate rule the form offers; "minVotes" maps to `candidateMinVotes`. */
export const CANDIDATE_KINDS = ["minVotes", "share", "topK"] as const;

function numberField(form: FormData, name: string): number | undefined {
  const value = String(form.get(name) ?? "").trim();
  return value === "" ? undefined : Number(value);
}

function textField(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return value === null ? undefined : String(value);
}

/** A checkbox's value, or undefined when the form has no such field (the schema's default applies). */
function checkbox(form: FormData, name: string, present: boolean): boolean | undefined {
  return present ? form.get(name) === "on" : undefined;
}

/** The PLL candidate rule: "at least N votes" stays the plain `candidateMinVotes` field. */
function candidateFields(form: FormData): Record<string, unknown> {
  const kind = textField(form, "candidateKind") ?? "minVotes";
  const value = numberField(form, "candidateValue");
  if (kind === "share") return { candidateRule: { kind, share: value } };
  if (kind === "topK") return { candidateRule: { kind, k: value } };
  return { candidateMinVotes: value };
}

/**
 * The request body for the form's current values. `checkboxes` names the checkbox fields the form
 * renders (an unchecked box is absent from FormData, which must read as false, not as "unset").
 */
export function settingsFromForm(form: FormData, checkboxes: readonly string[]): Record<string, unknown> {
  const has = (name: string) => checkboxes.includes(name);
  const settings: Record<string, unknown> = {
    paradigm: textField(form, "paradigm"),
    epochs: numberField(form, "epochs"),
    minutes: numberField(form, "minutes"),
    threads: numberField(form, "threads"),
    batchSize: numberField(form, "batchSize"),
    learningRate: numberField(form, "learningRate"),
    optimizer: textField(form, "optimizer"),
    modelSize: textField(form, "modelSize"),
    augment: checkbox(form, "augment", has("augment")),
    seed: numberField(form, "seed"),
    limit: numberField(form, "limit"),
    inputNorm: textField(form, "inputNorm"),
    ttaFlip: checkbox(form, "ttaFlip", has("ttaFlip")),
    batchNorm: checkbox(form, "batchNorm", has("batchNorm")),
    convBlocks: numberField(form, "convBlocks"),
    dropout: numberField(form, "dropout"),
    labelSmoothing: numberField(form, "labelSmoothing"),
    emaDecay: numberField(form, "emaDecay"),
    swaStart: numberField(form, "swaStart"),
    swaLearningRate: numberField(form, "swaLearningRate"),
    mixup: numberField(form, "mixup"),
    cutout: numberField(form, "cutout"),
    pllWarmupEpochs: numberField(form, "pllWarmupEpochs"),
    prototypeWeight: numberField(form, "prototypeWeight"),
    voteWeight: numberField(form, "voteWeight"),
    pllAlignment: checkbox(form, "pllAlignment", has("pllAlignment")),
    ...candidateFields(form),
  };
  // JSON.stringify drops undefined values; dropping them here too keeps the object readable in tests.
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
