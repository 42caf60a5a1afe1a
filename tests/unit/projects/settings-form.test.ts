// The settings form's fields come from the settings schema's metadata (lib/projects/settings-form.ts):
// the keys it shows, their groups, and ranges and steps that are the schema's own, so the form cannot
// offer a value the route refuses or hide one it accepts.
import { describe, expect, it } from "vitest";
import { settingsFormSections } from "../../../lib/projects/settings-form";
import { SETTINGS_FORM_GROUPS } from "../../../lib/projects/settings";
import { projectSettingsPatchSchema } from "../../../lib/projects/update-settings";

const sections = settingsFormSections();
const fields = sections.flatMap((section) => section.fields);

describe("settings form fields", () => {
  it("shows the keys the schema places in each group, in the groups' order", () => {
    expect(sections.map((section) => section.title)).toEqual([...SETTINGS_FORM_GROUPS]);
    expect(
      Object.fromEntries(sections.map((section) => [section.title, section.fields.map((f) => f.key)])),
    ).toEqual({
      Assignment: ["assignmentPolicy", "leaseSeconds", "targetVotes"],
      "Settled rule (policy \u201csettled\u201d)": [
        "dirichletPriorStrength",
        "settledRule",
        "settledEntropyWidth",
        "settledExpectedKl",
        "settledMinVotes",
      ],
      "Quality control": [
        "goldRate",
        "minAnswerMs",
        "excludePausedAnnotators",
        "repeatRate",
        "repeatAfterTasks",
        "minSelfAgreement",
      ],
      Training: ["retrainEveryVotes"],
    });
  });

  it("labels each field from the schema and reads its input from the key's type", () => {
    const byKey = new Map(fields.map((field) => [field.key, field]));
    expect(byKey.get("goldRate")).toEqual({
      key: "goldRate",
      label: "Gold rate",
      help: "share of tasks from gold images",
      kind: "number",
      min: 0,
      max: 0.5,
      step: "any",
    });
    expect(byKey.get("leaseSeconds")).toMatchObject({ min: 10, max: 3600, step: "1" });
    expect(byKey.get("targetVotes")).toMatchObject({ label: "Target votes per image", min: 1, max: 100 });
    expect(byKey.get("excludePausedAnnotators")).toMatchObject({ kind: "boolean" });
    expect(byKey.get("settledRule")).toMatchObject({
      kind: "select",
      options: ["entropy_interval", "expected_kl"],
    });
    for (const field of fields) expect(field.label, field.key).not.toBe(field.key);
  });

  it("offers exactly the range the patch schema accepts", () => {
    for (const field of fields.filter((f) => f.kind === "number")) {
      const accepts = (value: number) => projectSettingsPatchSchema.safeParse({ [field.key]: value }).success;
      const epsilon = field.step === "1" ? 1 : 1e-9;
      expect(accepts(field.max!), field.key).toBe(true);
      expect(accepts(field.max! + epsilon), field.key).toBe(false);
      expect(accepts(field.min! - epsilon), field.key).toBe(false);
      if (field.step === "1") expect(accepts(field.min! + 0.5), field.key).toBe(false);
    }
  });
});
