"use client";
// Joins the invite's project (POST /api/auth/join sets the session cookie) and opens the annotation page.
import { useState } from "react";

export function JoinButton({ token, workerId }: { token: string; workerId?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function join() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/join", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, workerId }),
      });
      const body = (await response.json().catch(() => null)) as {
        redirect?: string;
        message?: string;
      } | null;
      if (!response.ok || !body?.redirect)
        throw new Error(body?.message ?? `could not join (${response.status})`);
      window.location.assign(body.redirect);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  }

  return (
    <div className="form">
      {/* Focused on load so that Enter starts: the whole flow works from the keyboard. */}
      <button type="button" className="button-primary" autoFocus disabled={busy} onClick={() => void join()}>
        {busy ? "Starting…" : "Start labelling (Enter)"}
      </button>
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
