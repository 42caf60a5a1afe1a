"use client";
// Pauses or unpauses an annotator (POST .../annotators/{userId}/pause) and reloads the page.
import { useState } from "react";

export function PauseButton(props: { projectId: number; userId: string; paused: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    setBusy(true);
    setError(null);
    const response = await fetch(
      `/api/projects/${props.projectId}/annotators/${encodeURIComponent(props.userId)}/pause`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ paused: !props.paused }),
      },
    ).catch(() => null);
    if (response?.ok) {
      window.location.reload();
      return;
    }
    setBusy(false);
    setError("could not change; try again");
  }
  return (
    <>
      <button type="button" className="link-button" disabled={busy} onClick={() => void toggle()}>
        {props.paused ? "Unpause" : "Pause"}
      </button>
      {error && <span className="flag small"> {error}</span>}
    </>
  );
}
