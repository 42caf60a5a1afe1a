"use client";
// Data management on the image page: mark the image as gold (its current vote shares become the
// reference) or unmark it, and delete it with its votes after a confirmation that offers an export.
import { useRouter } from "next/navigation";
import { useState } from "react";

export function ImageActions(props: {
  projectId: number;
  imageId: number;
  name: string;
  voteCount: number;
  counts: number[];
  gold: boolean;
}) {
  const router = useRouter();
  const [gold, setGold] = useState(props.gold);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const base = `/api/projects/${props.projectId}/images/${props.imageId}`;

  async function problem(response: Response | null): Promise<string> {
    const body = (await response?.json().catch(() => null)) as { error?: { message: string } } | null;
    return body?.error?.message ?? "No connection to the server.";
  }

  async function toggleGold() {
    setStatus(null);
    // The crowd's current counts become the reference distribution (the server normalises them).
    const response = await fetch(`${base}/gold`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ distribution: gold ? null : props.counts }),
    }).catch(() => null);
    if (response?.ok) setGold(!gold);
    else setStatus(await problem(response));
  }

  async function remove() {
    const response = await fetch(base, { method: "DELETE" }).catch(() => null);
    if (response?.ok) router.push(`/projects/${props.projectId}/gallery`);
    else setStatus(await problem(response));
  }

  return (
    <div className="card image-actions">
      <h2>Data</h2>
      <p>
        {gold ? "Gold image: its reference is its vote shares when marked. " : ""}
        <button type="button" onClick={() => void toggleGold()} disabled={!gold && props.voteCount === 0}>
          {gold ? "Unmark gold" : "Mark as gold (reference: the current vote shares)"}
        </button>
      </p>
      {confirming ? (
        <div role="alertdialog" aria-label="confirm deletion" className="danger-zone">
          <p>
            Delete <strong>{props.name}</strong> and its {props.voteCount} votes for good? This cannot be
            undone.{" "}
            <a href={`/api/projects/${props.projectId}/export?format=jsonl&zip=1`}>
              Download an export first
            </a>
            .
          </p>
          <button type="button" className="button-danger" onClick={() => void remove()}>
            Delete image and votes
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Delete this image…
        </button>
      )}
      {status ? (
        <p role="alert" className="form-error">
          {status}
        </p>
      ) : null}
    </div>
  );
}
