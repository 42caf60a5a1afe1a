"use client";
// Posts to /api/projects, then opens the project's settings to upload images and make invite links.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export function NewProjectForm({ ferplusLabels }: { ferplusLabels: string[] }) {
  const router = useRouter();
  const [preset, setPreset] = useState<"ferplus" | "custom">("ferplus");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const labels = String(form.get("labels") ?? "")
      .split(/[\n,]/)
      .map((label) => label.trim())
      .filter(Boolean);
    setBusy(true);
    setError(null);
    const response = await fetch("/api/projects", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: form.get("name"),
        targetVotes: Number(form.get("targetVotes")),
        ...(preset === "ferplus" ? { preset: "ferplus" } : { labels }),
      }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as {
      project?: { id: number };
      error?: { message: string };
    } | null;
    if (response?.ok && body?.project) {
      router.push(`/projects/${body.project.id}/settings`);
      return;
    }
    setError(body?.error?.message ?? "No connection to the server.");
    setBusy(false);
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <label>
        Name
        <input name="name" required maxLength={100} autoFocus />
      </label>
      <fieldset className="form">
        <legend>Labels</legend>
        <label>
          <span>
            <input
              type="radio"
              name="preset"
              checked={preset === "ferplus"}
              onChange={() => setPreset("ferplus")}
            />{" "}
            FER+ ({ferplusLabels.join(", ")})
          </span>
        </label>
        <label>
          <span>
            <input
              type="radio"
              name="preset"
              checked={preset === "custom"}
              onChange={() => setPreset("custom")}
            />{" "}
            My own labels, in order (one per line or comma-separated)
          </span>
          <textarea name="labels" rows={4} disabled={preset !== "custom"} required={preset === "custom"} />
        </label>
      </fieldset>
      <label>
        Votes wanted per image
        <input
          name="targetVotes"
          type="number"
          min={1}
          max={100}
          defaultValue={preset === "ferplus" ? 10 : 3}
          required
        />
      </label>
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      <button className="button-primary" type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create project"}
      </button>
    </form>
  );
}
