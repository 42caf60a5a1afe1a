// The Retrain form's mapping from fields to the settings the API validates (app/.../retrain-settings.ts):
// blanks fall to the schema's defaults, unchecked boxes are false, the candidate rule picks its field,
// and what the form sends passes trainSettingsSchema as the server would parse it.
import { describe, expect, it } from "vitest";
import { RECIPE_CHECKBOXES } from "../../../app/projects/[id]/models/retrain-recipe-fields";
import { settingsFromForm, TRAIN_DEFAULTS } from "../../../app/projects/[id]/models/retrain-settings";
import { trainSettingsSchema } from "../../../lib/model/settings";

// The form's own list (retrain-form.tsx), so a checkbox added there is covered here.
const CHECKBOXES = ["augment", ...RECIPE_CHECKBOXES];

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("settingsFromForm", () => {
  it("leaves blank fields out, so the schema's defaults apply", () => {
    const sent = settingsFromForm(
      form({ paradigm: "pll", epochs: "", minutes: "", threads: "" }),
      CHECKBOXES,
    );
    expect(sent).toEqual({
      paradigm: "pll",
      augment: false,
      ttaFlip: false,
      batchNorm: false,
      pllAlignment: false,
    });
    const parsed = trainSettingsSchema.parse(sent);
    expect(parsed.epochs).toBe(TRAIN_DEFAULTS.epochs);
    expect(parsed.minutes).toBeUndefined();
    expect(parsed.threads).toBeUndefined();
  });

  it("sends the budget, threads and recipe fields as numbers and booleans", () => {
    const sent = settingsFromForm(
      form({
        paradigm: "majority",
        minutes: "7.5",
        threads: "2",
        swaStart: "0.75",
        swaLearningRate: "0.2",
        augment: "on",
        inputNorm: "perImage",
        ttaFlip: "on",
        pllAlignment: "on",
        dropout: "0.2",
        emaDecay: "0",
        convBlocks: "4",
      }),
      CHECKBOXES,
    );
    expect(sent).toMatchObject({
      minutes: 7.5,
      threads: 2,
      augment: true,
      inputNorm: "perImage",
      ttaFlip: true,
      batchNorm: false,
      pllAlignment: true,
      dropout: 0.2,
      emaDecay: 0,
      swaStart: 0.75,
      swaLearningRate: 0.2,
      convBlocks: 4,
    });
    const parsed = trainSettingsSchema.parse(sent);
    expect(parsed).toMatchObject({
      paradigm: "majority",
      minutes: 7.5,
      ttaFlip: true,
      inputNorm: "perImage",
      convBlocks: 4,
      swaStart: 0.75,
    });
    // Both weight averages at once come back naming the SWA field.
    const both = trainSettingsSchema.safeParse({ ...sent, emaDecay: 0.999 });
    expect(both.success).toBe(false);
    expect(both.error!.issues.map((issue) => issue.path.join("."))).toEqual(["swaStart"]);
  });

  it("maps each candidate rule to its own field", () => {
    const minVotes = settingsFromForm(form({ candidateKind: "minVotes", candidateValue: "3" }), []);
    expect(minVotes).toEqual({ candidateMinVotes: 3 });
    const share = settingsFromForm(form({ candidateKind: "share", candidateValue: "0.3" }), []);
    expect(share).toEqual({ candidateRule: { kind: "share", share: 0.3 } });
    const topK = settingsFromForm(form({ candidateKind: "topK", candidateValue: "2" }), []);
    expect(topK).toEqual({ candidateRule: { kind: "topK", k: 2 } });
    expect(trainSettingsSchema.parse(topK).candidateRule).toEqual({ kind: "topK", k: 2 });
  });

  it("passes bad values through for the server to name, instead of hiding them", () => {
    const sent = settingsFromForm(form({ paradigm: "pll", mixup: "0.4", threads: "0" }), []);
    const result = trainSettingsSchema.safeParse(sent);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toContain("threads");
  });
});
