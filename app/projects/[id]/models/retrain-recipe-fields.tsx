"use client";
// The Retrain form's optional recipe and partial-label-learning fields (lib/model/recipe-settings.ts),
// folded away by default. Every default comes from the settings schema (TRAIN_DEFAULTS), so the form
// shows what a run would use; docs/learning.md has what each piece measured on FER2013Valid.
import { useState } from "react";
import { CANDIDATE_KINDS, TRAIN_DEFAULTS } from "./retrain-settings";

/** Checkbox fields rendered here: settingsFromForm must read their absence as false. */
export const RECIPE_CHECKBOXES = ["ttaFlip", "batchNorm", "pllAlignment"] as const;

const CANDIDATE_LABELS: Record<(typeof CANDIDATE_KINDS)[number], string> = {
  minVotes: "at least N votes",
  share: "at least this share of votes",
  topK: "the k most-voted",
};

// A value to start from when the researcher switches rule kind: FERPlus's 30 % share, the top 2, and
// the schema's own minimum-votes default.
const CANDIDATE_START: Record<(typeof CANDIDATE_KINDS)[number], number> = {
  minVotes: TRAIN_DEFAULTS.candidateMinVotes,
  share: 0.3,
  topK: 2,
};

/**
 * The input-scaling choice, here and in the pretraining form: a fine-tune starts from an encoder only
 * when both scale alike (lib/model-store/architecture.ts).
 */
export function InputScalingSelect({ value }: { value: string }) {
  return (
    <label>
      Input scaling{" "}
      <select name="inputNorm" defaultValue={value}>
        <option value="range">pixels to [-1, 1]</option>
        <option value="perImage">per image: zero mean, unit std</option>
      </select>
    </label>
  );
}

type NumberField = { name: string; label: string; min: number; max?: number; step?: string };

/** Numeric recipe settings, in the order shown; each default is the schema's. */
const RECIPE_NUMBERS = [
  { name: "dropout", label: "Dropout", min: 0, max: 0.9 },
  { name: "labelSmoothing", label: "Label smoothing", min: 0, max: 0.5 },
  { name: "emaDecay", label: "Weight EMA decay (0: off)", min: 0, max: 0.99999 },
  { name: "swaStart", label: "SWA from (fraction of schedule, 0: off; not with EMA)", min: 0, max: 0.95 },
  { name: "swaLearningRate", label: "SWA learning rate (x base rate)", min: 0, max: 1 },
  { name: "mixup", label: "Mixup alpha (0: off; not pll)", min: 0, max: 10 },
  { name: "cutout", label: "Cutout (px, 0: off)", min: 0, max: 48, step: "1" },
  { name: "convBlocks", label: "Conv blocks (4: ~1.25x CPU per image)", min: 3, max: 4, step: "1" },
] as const satisfies readonly NumberField[];

const PLL_NUMBERS = [
  { name: "pllWarmupEpochs", label: "Warm-up epochs on vote shares", min: 0, step: "1" },
  { name: "prototypeWeight", label: "Own-feature prototype weight", min: 0, max: 1 },
  { name: "voteWeight", label: "Vote-share weight", min: 0, max: 1 },
] as const satisfies readonly NumberField[];

function defaultCandidate(): { kind: (typeof CANDIDATE_KINDS)[number]; value: number } {
  const rule = TRAIN_DEFAULTS.candidateRule;
  if (rule?.kind === "share") return { kind: "share", value: rule.share };
  if (rule?.kind === "topK") return { kind: "topK", value: rule.k };
  return { kind: "minVotes", value: rule?.votes ?? TRAIN_DEFAULTS.candidateMinVotes };
}

function NumberInput(props: NumberField & { value: number }) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? "any"}
        defaultValue={props.value}
      />
    </label>
  );
}

export function RecipeFields() {
  const d = TRAIN_DEFAULTS;
  const start = defaultCandidate();
  const [kind, setKind] = useState(start.kind);
  return (
    <>
      <details className="retrain-more">
        <summary>Recipe (input scaling, test-time flip, regularisation, weight averaging)</summary>
        <div className="retrain-grid">
          <InputScalingSelect value={d.inputNorm} />
          {RECIPE_NUMBERS.map((field) => (
            <NumberInput key={field.name} {...field} value={d[field.name]} />
          ))}
          <label className="checkbox">
            <input name="ttaFlip" type="checkbox" defaultChecked={d.ttaFlip} /> Test-time flip (2x inference)
          </label>
          <label className="checkbox">
            <input name="batchNorm" type="checkbox" defaultChecked={d.batchNorm} /> Batch norm (~1.1x CPU per
            image)
          </label>
        </div>
      </details>
      <details className="retrain-more">
        <summary>Partial-label learning (pll only)</summary>
        <div className="retrain-grid">
          <label>
            Candidates
            <select
              name="candidateKind"
              value={kind}
              onChange={(event) => setKind(event.target.value as typeof kind)}
            >
              {CANDIDATE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CANDIDATE_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <NumberInput
            key={kind}
            name="candidateValue"
            label={kind === "share" ? "Share (0-1)" : kind === "topK" ? "k" : "N votes"}
            min={kind === "share" ? 0 : 1}
            max={kind === "share" ? 1 : undefined}
            step={kind === "share" ? "any" : "1"}
            value={kind === start.kind ? start.value : CANDIDATE_START[kind]}
          />
          {PLL_NUMBERS.map((field) => (
            <NumberInput key={field.name} {...field} value={d[field.name]} />
          ))}
          <label className="checkbox">
            <input name="pllAlignment" type="checkbox" defaultChecked={d.pllAlignment} /> Align to the
            crowd&apos;s class shares
          </label>
        </div>
      </details>
    </>
  );
}
