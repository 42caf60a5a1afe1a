"use client";
// The splits panel of the settings page: images per split, the ratios that place new uploads
// (PATCH /api/projects/{id}/settings { splitRatios }), and re-splitting every image
// (POST /api/projects/{id}/splits), which asks for a confirmation first.
import { useState } from "react";
import type { SplitOverview } from "@/lib/splits/store";

const SPLITS = ["train", "valid", "test"] as const;
type Status = { error: boolean; text: string } | null;

async function send(url: string, method: string, body: unknown) {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).catch(() => null);
  const json = (await response?.json().catch(() => null)) as
    | (SplitOverview & {
        error?: { message: string };
      })
    | null;
  if (response?.ok && json) return { ok: true as const, json };
  return { ok: false as const, text: json?.error?.message ?? "No connection to the server." };
}

export function SplitPanel({ projectId, initial }: { projectId: number; initial: SplitOverview }) {
  const [overview, setOverview] = useState(initial);
  const [ratios, setRatios] = useState(() => ({ ...initial.ratios }));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const total = ratios.train + ratios.valid + ratios.test;

  async function saveRatios() {
    setBusy(true);
    const result = await send(`/api/projects/${projectId}/settings`, "PATCH", { splitRatios: ratios });
    setBusy(false);
    if (!result.ok) return setStatus({ error: true, text: result.text });
    setOverview({ ...overview, ratios });
    setStatus({ error: false, text: "Saved: new uploads are placed by these ratios." });
  }

  async function resplit() {
    setBusy(true);
    const result = await send(`/api/projects/${projectId}/splits`, "POST", { confirm: true });
    setBusy(false);
    setConfirming(false);
    if (!result.ok) return setStatus({ error: true, text: result.text });
    setOverview(result.json);
    setStatus({ error: false, text: "Re-split: every image was placed again by the saved ratios." });
  }

  return (
    <div className="form split-panel">
      <table className="data" aria-label="Images per split">
        <thead>
          <tr>
            {SPLITS.map((split) => (
              <th key={split} className="num">
                {split}
              </th>
            ))}
            {overview.counts.unassigned > 0 ? <th className="num">not placed yet</th> : null}
          </tr>
        </thead>
        <tbody>
          <tr>
            {SPLITS.map((split) => (
              <td key={split} className="num" data-split={split}>
                {overview.counts[split].toLocaleString("en-US")}
              </td>
            ))}
            {overview.counts.unassigned > 0 ? (
              <td className="num">{overview.counts.unassigned.toLocaleString("en-US")}</td>
            ) : null}
          </tr>
        </tbody>
      </table>
      <fieldset>
        <legend>Ratios for images without a split (percent, adding up to 100)</legend>
        {SPLITS.map((split) => (
          <label key={split}>
            {split}
            <input
              type="number"
              name={`split-${split}`}
              min={0}
              max={100}
              value={ratios[split]}
              onChange={(e) => setRatios({ ...ratios, [split]: Number(e.target.value) })}
            />
          </label>
        ))}
        <p className={total === 100 ? "muted small" : "form-error small"}>Total {total}%</p>
        <button type="button" disabled={busy} onClick={() => void saveRatios()}>
          Save ratios
        </button>
      </fieldset>
      {confirming ? (
        <div role="alertdialog" aria-label="Re-split warning" className="card">
          <p>
            Re-splitting places every image again by the saved ratios, including images whose upload or import
            named a split.{" "}
            {overview.publishedModels > 0
              ? `The ${overview.publishedModels} published model(s) were evaluated on the old split: their valid figures will not be comparable with models trained after.`
              : "No model has been published yet."}
          </p>
          <button type="button" className="button-primary" disabled={busy} onClick={() => void resplit()}>
            Re-split all images
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Re-split…
        </button>
      )}
      {status ? (
        <p role={status.error ? "alert" : "status"} className={status.error ? "form-error" : "muted"}>
          {status.text}
        </p>
      ) : null}
    </div>
  );
}
