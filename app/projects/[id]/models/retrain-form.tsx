"use client";
// The Retrain form: paradigm and settings, POSTed to /api/projects/{id}/models, which validates them
// with lib/model's trainSettingsSchema and queues a `train` job. Server errors name the field. The
// "Queued" line clears once the job has left the queue (finished or failed: the page shows which).
// Defaults come from the schema (TRAIN_DEFAULTS); the fields map to settings in retrain-settings.ts.
import { useState, type FormEvent } from "react";
import { DEFAULT_INIT_MODE, INIT_MODES, type InitMode } from "@/lib/model-store/encoder-start";
import { RECIPE_CHECKBOXES, RecipeFields } from "./retrain-recipe-fields";
import { MODEL_SIZES, settingsFromForm, TRAIN_DEFAULTS } from "./retrain-settings";

// Where the run starts (lib/model-store/encoder-start.ts): an encoder only of the same size and scaling.
const START_LABELS: Record<InitMode, string> = {
  scratch: "random weights",
  auto: "pretrained encoder, if one fits",
  pretrained: "pretrained encoder (required)",
};

type Result = { kind: "ok" | "error"; text: string; jobId?: string; seen?: boolean; after?: number } | null;

const CHECKBOXES = ["augment", ...RECIPE_CHECKBOXES];

export function RetrainForm(props: {
  projectId: number;
  paradigms: string[];
  /** Train jobs waiting or running, as last polled. */
  jobIds: string[];
  /** The newest model version's id, as last polled. */
  newestVersionId: number;
}) {
  const { projectId, paradigms, jobIds, newestVersionId } = props;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);

  // Derived from the polled jobs: "seen" is remembered (set during render, React's pattern for state
  // that follows props), "over" is computed.
  const queued = result?.jobId ? jobIds.includes(result.jobId) : false;
  if (result?.jobId && queued && !result.seen) setResult({ ...result, seen: true });
  // Gone after it was seen queued, or a version newer than the request exists: the run is over.
  const over = Boolean(result?.jobId) && !queued && (result?.seen || newestVersionId > (result?.after ?? 0));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const settings = settingsFromForm(form, CHECKBOXES);
    setBusy(true);
    setResult(null);
    try {
      const response = await fetch(`/api/projects/${projectId}/models`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...settings, init: form.get("init") }),
      });
      const body = (await response.json()) as {
        jobId?: string | null;
        alreadyQueued?: boolean;
        error?: { message: string };
      };
      if (!response.ok) setResult({ kind: "error", text: body.error?.message ?? `error ${response.status}` });
      else if (body.alreadyQueued) setResult({ kind: "ok", text: "The same training is already queued." });
      else
        setResult({
          kind: "ok",
          text: "Queued: the worker starts it when free; progress appears above.",
          jobId: body.jobId ?? undefined,
          after: newestVersionId,
        });
    } catch {
      setResult({ kind: "error", text: "Could not reach the server." });
    } finally {
      setBusy(false);
    }
  }

  const d = TRAIN_DEFAULTS;
  return (
    <form className="retrain-form" onSubmit={submit} aria-label="retrain">
      <label>
        Paradigm
        <select name="paradigm" defaultValue={d.paradigm}>
          {paradigms.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        Epochs
        <input name="epochs" type="number" min={1} max={500} defaultValue={d.epochs} />
      </label>
      <label>
        Budget (minutes)
        <input name="minutes" type="number" min={0.1} step="any" placeholder="epochs decide" />
      </label>
      <label>
        Threads
        <input name="threads" type="number" min={1} max={64} placeholder="all cores" />
      </label>
      <label>
        Batch size
        <input name="batchSize" type="number" min={1} max={1024} defaultValue={d.batchSize} />
      </label>
      <label>
        Learning rate
        <input name="learningRate" type="number" step="any" min={0} defaultValue={d.learningRate} />
      </label>
      <label>
        Optimizer
        <select name="optimizer" defaultValue={d.optimizer}>
          <option value="adam">Adam</option>
          <option value="sgd">SGD (momentum)</option>
        </select>
      </label>
      <label>
        Model size
        <select name="modelSize" defaultValue={d.modelSize}>
          {MODEL_SIZES.map((size) => (
            <option key={size}>{size}</option>
          ))}
        </select>
      </label>
      <label>
        Start from
        <select name="init" defaultValue={DEFAULT_INIT_MODE}>
          {INIT_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {START_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Seed
        <input name="seed" type="number" min={0} defaultValue={d.seed} />
      </label>
      <label>
        Train images limit
        <input name="limit" type="number" min={1} placeholder="all" />
      </label>
      <label className="checkbox">
        <input name="augment" type="checkbox" defaultChecked={d.augment} /> Augment (random crop, flip)
      </label>
      <RecipeFields />
      <button className="button-primary" type="submit" disabled={busy}>
        {busy ? "Queuing…" : "Retrain"}
      </button>
      {result && !over && (
        <p className={result.kind === "error" ? "form-error" : "muted"} role="status">
          {result.text}
        </p>
      )}
    </form>
  );
}
