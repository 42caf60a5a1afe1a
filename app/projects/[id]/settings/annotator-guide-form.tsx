"use client";
// What annotators see (lib/projects/annotator-guide.ts): instructions, example faces per label, a
// quota of faces and the completion code / return URL of a crowd platform. Saved through the same
// PATCH /api/projects/{id}/settings as the other settings; a 400 names the field.
import { useState } from "react";

export interface GuideValues {
  instructions: string;
  instructionExamples: { label: string; imageId: number }[];
  tasksPerAnnotator: number;
  completionCode: string;
  completionUrl: string;
}

/** "label: 12, 15" lines <-> example list (the form's text view of instructionExamples). */
function examplesText(examples: GuideValues["instructionExamples"]): string {
  const byLabel = new Map<string, number[]>();
  for (const { label, imageId } of examples) byLabel.set(label, [...(byLabel.get(label) ?? []), imageId]);
  return [...byLabel].map(([label, ids]) => `${label}: ${ids.join(", ")}`).join("\n");
}

function parseExamples(text: string): GuideValues["instructionExamples"] | string {
  const examples: GuideValues["instructionExamples"] = [];
  for (const line of text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^([^:]+):\s*([\d,\s]+)$/.exec(line);
    if (!match) return `"${line}": write a label, a colon, then image ids separated by commas`;
    for (const id of match[2]!.split(/[,\s]+/).filter(Boolean)) {
      examples.push({ label: match[1]!.trim(), imageId: Number(id) });
    }
  }
  return examples;
}

export function AnnotatorGuideForm({ projectId, initial }: { projectId: number; initial: GuideValues }) {
  const [values, setValues] = useState({ ...initial, examples: examplesText(initial.instructionExamples) });
  const [status, setStatus] = useState<{ error: boolean; text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof values, value: string | number) => setValues({ ...values, [key]: value });

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const examples = parseExamples(values.examples);
    if (typeof examples === "string")
      return setStatus({ error: true, text: examples, field: "instructionExamples" });
    setBusy(true);
    setStatus(null);
    const response = await fetch(`/api/projects/${projectId}/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        instructions: values.instructions,
        instructionExamples: examples,
        tasksPerAnnotator: Number(values.tasksPerAnnotator),
        completionCode: values.completionCode.trim(),
        completionUrl: values.completionUrl.trim(),
      }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as {
      error?: { message: string; fields?: { path: string }[] };
    } | null;
    setBusy(false);
    if (response?.ok) setStatus({ error: false, text: "Saved the annotator guide." });
    else {
      const field = body?.error?.fields?.find((f) => f.path)?.path?.split(".")[0];
      setStatus({ error: true, text: body?.error?.message ?? "No connection to the server.", field });
    }
  }

  const invalid = (key: string) => status?.field === key || undefined;
  return (
    <form noValidate className="form" onSubmit={(event) => void save(event)} aria-label="Annotator guide">
      <label>
        <span>
          Instructions{" "}
          <span className="muted small">(shown before the first face; # heading, - list, **bold**)</span>
        </span>
        <textarea
          name="instructions"
          rows={6}
          value={values.instructions}
          aria-invalid={invalid("instructions")}
          onChange={(e) => set("instructions", e.target.value)}
        />
      </label>
      <label>
        <span>
          Example faces <span className="muted small">(one line per label: happiness: 12, 15)</span>
        </span>
        <textarea
          name="instructionExamples"
          rows={3}
          value={values.examples}
          aria-invalid={invalid("instructionExamples")}
          onChange={(e) => set("examples", e.target.value)}
        />
      </label>
      <label>
        <span>
          Faces per annotator <span className="muted small">(0: no quota; shows &ldquo;n of N&rdquo;)</span>
        </span>
        <input
          type="number"
          name="tasksPerAnnotator"
          min={0}
          value={String(values.tasksPerAnnotator)}
          aria-invalid={invalid("tasksPerAnnotator")}
          onChange={(e) => set("tasksPerAnnotator", e.target.value)}
        />
      </label>
      <label>
        <span>
          Completion code <span className="muted small">(e.g. the Prolific study&apos;s code)</span>
        </span>
        <input
          name="completionCode"
          value={values.completionCode}
          aria-invalid={invalid("completionCode")}
          onChange={(e) => set("completionCode", e.target.value)}
        />
      </label>
      <label>
        <span>
          Return URL{" "}
          <span className="muted small">
            ({"{code}"} and {"{workerId}"} are filled in)
          </span>
        </span>
        <input
          name="completionUrl"
          type="url"
          placeholder="https://app.prolific.com/submissions/complete?cc={code}"
          value={values.completionUrl}
          aria-invalid={invalid("completionUrl")}
          onChange={(e) => set("completionUrl", e.target.value)}
        />
      </label>
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? "Saving\u2026" : "Save annotator guide"}
      </button>
      {status ? (
        <p role={status.error ? "alert" : "status"} className={status.error ? "form-error" : "muted"}>
          {status.text}
        </p>
      ) : null}
    </form>
  );
}
