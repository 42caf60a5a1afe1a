"use client";
// Deleting the project: an export is offered first, and the project's name must be typed to confirm.
import { useRouter } from "next/navigation";
import { useState } from "react";

export function DeleteProjectForm({ projectId, name }: { projectId: number; name: string }) {
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const response = await fetch(`/api/projects/${projectId}`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirm: typed }),
    }).catch(() => null);
    if (response?.ok) return router.push("/");
    const body = (await response?.json().catch(() => null)) as { error?: { message: string } } | null;
    setStatus(body?.error?.message ?? "No connection to the server.");
    setBusy(false);
  }

  return (
    <form className="form danger-zone" onSubmit={(event) => void remove(event)} aria-label="Delete project">
      <p>
        Deletes every image, vote, model and export of this project for good.{" "}
        <a href={`/api/projects/${projectId}/export?format=jsonl&zip=1`}>Download a full export first</a>{" "}
        (JSONL with every vote, and the images).
      </p>
      <label>
        <span>
          Type <strong>{name}</strong> to confirm
        </span>
        <input name="confirm" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
      </label>
      <button type="submit" className="button-danger" disabled={busy || typed !== name}>
        Delete this project
      </button>
      {status ? (
        <p role="alert" className="form-error">
          {status}
        </p>
      ) : null}
    </form>
  );
}
