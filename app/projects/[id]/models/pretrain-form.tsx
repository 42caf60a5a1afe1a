"use client";
// Starts a pretraining: POST /api/projects/{id}/encoders (pretrainSettingsSchema validates; errors name
// the field). While an encoder trains, or a request waits for the worker, the page refreshes every 5 s
// so the new encoder and its loss curve appear.
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { pretrainSettingsSchema } from "@/lib/model/pretrain-settings";
import { InputScalingSelect } from "./retrain-recipe-fields";
import { MODEL_SIZES } from "./retrain-settings";

const REFRESH_MS = 5000;
const DEFAULTS = pretrainSettingsSchema.parse({});

export function PretrainForm(props: { projectId: number; running: boolean; newestEncoderId: number }) {
  const { projectId, running, newestEncoderId } = props;
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  // The newest encoder when a request was queued: until a newer one shows up, the worker has not started.
  const [queuedAfter, setQueuedAfter] = useState<number | null>(null);
  const waiting = queuedAfter !== null && newestEncoderId === queuedAfter;

  useEffect(() => {
    if (!running && !waiting) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, waiting, router]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const minutes = String(form.get("minutes") ?? "").trim();
    const settings = {
      minutes: minutes === "" ? undefined : Number(minutes),
      maskRatio: Number(form.get("maskRatio")),
      modelSize: String(form.get("modelSize")),
      inputNorm: String(form.get("inputNorm")),
      includeTest: form.get("includeTest") === "on",
    };
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/projects/${projectId}/encoders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(settings),
      });
      const body = (await response.json()) as { alreadyQueued?: boolean; error?: { message: string } };
      if (!response.ok)
        setMessage({ kind: "error", text: body.error?.message ?? `error ${response.status}` });
      else {
        setMessage({
          kind: "ok",
          text: body.alreadyQueued
            ? "A pretraining is already queued."
            : "Pretraining queued; progress appears below.",
        });
        setQueuedAfter(newestEncoderId);
        router.refresh();
      }
    } catch {
      setMessage({ kind: "error", text: "Could not reach the server." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="pretrain-form" aria-label="pretrain" onSubmit={submit}>
      <label>
        Minutes <input name="minutes" type="number" min="0.1" step="0.1" defaultValue="30" />
      </label>
      <label>
        Mask ratio{" "}
        <input
          name="maskRatio"
          type="number"
          min="0.05"
          max="0.95"
          step="0.05"
          defaultValue={DEFAULTS.maskRatio}
        />
      </label>
      <label>
        Model size{" "}
        <select name="modelSize" defaultValue={DEFAULTS.modelSize}>
          {MODEL_SIZES.map((size) => (
            <option key={size}>{size}</option>
          ))}
        </select>
      </label>
      <InputScalingSelect value={DEFAULTS.inputNorm} />
      <label className="checkbox">
        <input name="includeTest" type="checkbox" /> Include the test split&apos;s pixels (never its labels)
      </label>
      <button className="button-primary" type="submit" disabled={busy || running || waiting}>
        {running ? "Pretraining…" : waiting ? "Queued…" : "Start pretraining"}
      </button>
      {message && (
        <p className={message.kind === "error" ? "form-error" : "muted"} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
