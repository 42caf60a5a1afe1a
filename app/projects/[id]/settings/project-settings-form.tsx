"use client";
// The project settings researchers change most (lib/projects/settings.ts, docs/quality.md): assignment,
// gold and hidden repeats, annotator checks, retraining. Saves only the changed keys through
// PATCH /api/projects/{id}/settings; a 400 names the field, which is marked here.
import { useState } from "react";

type Value = string | boolean;
interface Field {
  key: string;
  label: string;
  hint: string;
  kind: "number" | "boolean" | { options: string[] };
  step?: string;
}

const GROUPS: { title: string; fields: Field[] }[] = [
  {
    title: "Assignment",
    fields: [
      {
        key: "assignmentPolicy",
        label: "Assignment policy",
        hint: "fixed overlap, retire settled distributions, or model-in-the-loop",
        kind: { options: ["fixed", "settled", "active"] },
      },
      {
        key: "targetVotes",
        label: "Target votes per image",
        hint: "1-100; the cap for every policy",
        kind: "number",
      },
      {
        key: "leaseSeconds",
        label: "Lease (seconds)",
        hint: "how long a task is reserved, 10-3600",
        kind: "number",
      },
    ],
  },
  {
    title: "Settled rule (policy \u201csettled\u201d)",
    fields: [
      {
        key: "settledRule",
        label: "Rule",
        hint: "posterior expected KL, or entropy credible-interval width",
        kind: { options: ["expected_kl", "entropy_interval"] },
      },
      {
        key: "settledExpectedKl",
        label: "Expected KL below (nats)",
        hint: "expected_kl threshold",
        kind: "number",
        step: "any",
      },
      {
        key: "settledEntropyWidth",
        label: "Entropy 90% interval below (nats)",
        hint: "entropy_interval threshold",
        kind: "number",
        step: "any",
      },
      { key: "settledMinVotes", label: "Minimum votes before retiring", hint: "", kind: "number" },
      {
        key: "dirichletPriorStrength",
        label: "Prior strength (pseudo-votes)",
        hint: "",
        kind: "number",
        step: "any",
      },
    ],
  },
  {
    title: "Quality control",
    fields: [
      {
        key: "goldRate",
        label: "Gold rate",
        hint: "share of tasks from gold images, 0-0.5",
        kind: "number",
        step: "any",
      },
      {
        key: "repeatRate",
        label: "Hidden repeat rate",
        hint: "share of tasks that show a voted image again, 0-1",
        kind: "number",
        step: "any",
      },
      {
        key: "repeatAfterTasks",
        label: "Repeat after (votes)",
        hint: "other votes before an image may come back",
        kind: "number",
      },
      {
        key: "minSelfAgreement",
        label: "Flag self-agreement below",
        hint: "share of repeats answered the same, 0-1",
        kind: "number",
        step: "any",
      },
      {
        key: "minAnswerMs",
        label: "Fast answer floor (ms)",
        hint: "answers faster than this count as fast",
        kind: "number",
      },
      {
        key: "excludePausedAnnotators",
        label: "Exclude paused annotators' votes",
        hint: "from stats, exports and training (recounts)",
        kind: "boolean",
      },
    ],
  },
  {
    title: "Training",
    fields: [
      {
        key: "retrainEveryVotes",
        label: "Retrain every N new votes",
        hint: "0: never automatically",
        kind: "number",
      },
    ],
  },
];

function toPayload(field: Field, value: Value): unknown {
  if (field.kind === "boolean") return value === true;
  if (field.kind === "number") return value === "" ? null : Number(value);
  return value;
}

export function ProjectSettingsForm({
  projectId,
  initial,
}: {
  projectId: number;
  initial: Record<string, string | number | boolean>;
}) {
  const start = Object.fromEntries(
    Object.entries(initial).map(([key, value]) => [key, typeof value === "number" ? String(value) : value]),
  );
  const [saved, setSaved] = useState<Record<string, Value>>(start);
  const [values, setValues] = useState<Record<string, Value>>(start);
  const [status, setStatus] = useState<{ error: boolean; text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = GROUPS.flatMap((group) => group.fields).filter(
    (field) => values[field.key] !== saved[field.key],
  );

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
      {GROUPS.map((group) => (
        <fieldset key={group.title}>
          <legend>{group.title}</legend>
          {group.fields.map((field) => {
            const value = values[field.key];
            const set = (next: Value) => setValues({ ...values, [field.key]: next });
            const invalid = status?.field === field.key;
            return (
              <label key={field.key} className={field.kind === "boolean" ? "checkbox" : undefined}>
                <span>
                  {field.label}
                  {field.hint ? <span className="muted small"> ({field.hint})</span> : null}
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
                    value={String(value ?? "")}
                    aria-invalid={invalid || undefined}
                    onChange={(e) => set(e.target.value)}
                  />
                ) : (
                  <select name={field.key} value={String(value)} onChange={(e) => set(e.target.value)}>
                    {field.kind.options.map((option) => (
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
