"use client";
// The project settings researchers change most (lib/projects/settings.ts, docs/quality.md): assignment,
// gold and hidden repeats, annotator checks, retraining. The fields come from the settings schema's
// metadata (lib/projects/settings-form.ts), not from a list kept here. Saves only the changed keys
// through PATCH /api/projects/{id}/settings; a 400 names the field, which is marked here.
import { useState } from "react";
import type { SettingsFormField, SettingsFormSection } from "@/lib/projects/settings-form";

type Value = string | boolean;

function toPayload(field: SettingsFormField, value: Value): unknown {
  if (field.kind === "boolean") return value === true;
  if (field.kind === "number") return value === "" ? null : Number(value);
  return value;
}

/** The help text, then the range the schema allows (e.g. "share of tasks from gold images, 0-0.5"). */
function hintOf(field: SettingsFormField): string {
  const range = field.min !== undefined && field.max !== undefined ? `${field.min}-${field.max}` : undefined;
  return [field.help, range].filter(Boolean).join(", ");
}

export function ProjectSettingsForm({
  projectId,
  sections,
  initial,
}: {
  projectId: number;
  sections: SettingsFormSection[];
  initial: Record<string, string | number | boolean>;
}) {
  const start = Object.fromEntries(
    Object.entries(initial).map(([key, value]) => [key, typeof value === "number" ? String(value) : value]),
  );
  const [saved, setSaved] = useState<Record<string, Value>>(start);
  const [values, setValues] = useState<Record<string, Value>>(start);
  const [status, setStatus] = useState<{ error: boolean; text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = sections
    .flatMap((section) => section.fields)
    .filter((field) => values[field.key] !== saved[field.key]);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setStatus(null);
    const patch = Object.fromEntries(
      changed.map((field) => [field.key, toPayload(field, values[field.key]!)]),
    );
    const response = await fetch(`/api/projects/${projectId}/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(patch),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as {
      error?: { message: string; fields?: { path: string }[] };
    } | null;
    setBusy(false);
    if (response?.ok) {
      setSaved(values);
      setStatus({ error: false, text: `Saved ${changed.map((field) => field.label).join(", ")}.` });
    } else {
      const field = body?.error?.fields?.find((f) => f.path)?.path;
      setStatus({ error: true, text: body?.error?.message ?? "No connection to the server.", field });
    }
  }

  return (
    <form
      noValidate
      className="form settings-form"
      onSubmit={(event) => void save(event)}
      aria-label="Project settings"
    >
      {sections.map((section) => (
        <fieldset key={section.title}>
          <legend>{section.title}</legend>
          {section.fields.map((field) => {
            const value = values[field.key];
            const set = (next: Value) => setValues({ ...values, [field.key]: next });
            const invalid = status?.field === field.key;
            const hint = hintOf(field);
            return (
              <label key={field.key} className={field.kind === "boolean" ? "checkbox" : undefined}>
                <span>
                  {field.label}
                  {hint ? <span className="muted small"> ({hint})</span> : null}
                </span>
                {field.kind === "boolean" ? (
                  <input
                    type="checkbox"
                    name={field.key}
                    checked={value === true}
                    onChange={(e) => set(e.target.checked)}
                  />
                ) : field.kind === "number" ? (
                  <input
                    type="number"
                    name={field.key}
                    step={field.step ?? "1"}
                    min={field.min}
                    max={field.max}
                    value={String(value ?? "")}
                    aria-invalid={invalid || undefined}
                    onChange={(e) => set(e.target.value)}
                  />
                ) : (
                  <select name={field.key} value={String(value)} onChange={(e) => set(e.target.value)}>
                    {(field.options ?? []).map((option) => (
                      <option key={option}>{option}</option>
                    ))}
                  </select>
                )}
              </label>
            );
          })}
        </fieldset>
      ))}
      <button type="submit" className="button-primary" disabled={busy || changed.length === 0}>
        {busy ? "Saving\u2026" : "Save settings"}
      </button>
      {status ? (
        <p role={status.error ? "alert" : "status"} className={status.error ? "form-error" : "muted"}>
          {status.text}
        </p>
      ) : null}
    </form>
  );
}
