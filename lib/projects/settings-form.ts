// The settings form's fields, derived from the settings schema (settings.ts) rather than written a
// second time: each key with a `formGroup` in its metadata becomes a field, labelled by its `title`
// and `description`, its input kind, options, range and step read from the key's own zod schema.
// Plain data, so the server page can hand it to the client form.
import { z } from "zod";
import { SETTINGS_FORM_GROUPS, type SettingsFormGroup } from "./settings";
import { projectSettingsPatchSchema } from "./update-settings";

export interface SettingsFormField {
  key: string;
  label: string;
  help: string;
  kind: "number" | "boolean" | "select";
  options?: string[];
  min?: number;
  max?: number;
  /** The number input's step: "1" for integers, "any" otherwise. */
  step?: string;
}

export interface SettingsFormSection {
  title: SettingsFormGroup;
  fields: SettingsFormField[];
}

/** Strips the optional (patch) and default wrappers off a key's schema, keeping its metadata. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; meta: Record<string, unknown> | undefined } {
  let inner = schema;
  let meta = inner.meta();
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
    meta ??= inner.meta();
  }
  return { inner, meta };
}

function toField(key: string, inner: z.ZodType, meta: Record<string, unknown>): SettingsFormField {
  const base = { key, label: String(meta.title ?? key), help: String(meta.description ?? "") };
  if (inner instanceof z.ZodBoolean) return { ...base, kind: "boolean" };
  if (inner instanceof z.ZodEnum) return { ...base, kind: "select", options: inner.options.map(String) };
  if (inner instanceof z.ZodNumber) {
    return {
      ...base,
      kind: "number",
      ...(inner.minValue === null || !Number.isFinite(inner.minValue) ? {} : { min: inner.minValue }),
      ...(inner.maxValue === null || !Number.isFinite(inner.maxValue) ? {} : { max: inner.maxValue }),
      step: inner.isInt ? "1" : "any",
    };
  }
  // A key the form cannot edit must not be given a group: fail loudly when the page renders.
  throw new Error(`settings key ${key} has a form group but no form input for its type`);
}

/** The form's sections in SETTINGS_FORM_GROUPS order, fields in schema order. */
export function settingsFormSections(): SettingsFormSection[] {
  const fields = new Map<SettingsFormGroup, SettingsFormField[]>(SETTINGS_FORM_GROUPS.map((g) => [g, []]));
  for (const [key, schema] of Object.entries(projectSettingsPatchSchema.shape)) {
    const { inner, meta } = unwrap(schema as z.ZodType);
    const group = meta?.formGroup as SettingsFormGroup | undefined;
    if (group) fields.get(group)!.push(toField(key, inner, meta!));
  }
  return SETTINGS_FORM_GROUPS.map((title) => ({ title, fields: fields.get(title)! }));
}
