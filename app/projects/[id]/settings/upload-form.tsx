"use client";
// Uploads image files or a zip with upload progress, then shows the import's progress (NDJSON
// lines streamed by POST /api/projects/{id}/images) and its summary: what was skipped and why.
import { useState, type FormEvent } from "react";

interface Summary {
  images: number;
  existing: number;
  skipped: { name: string; reason: string }[];
  seconds: number;
}

export function UploadForm({ projectId }: { projectId: number }) {
  const [phase, setPhase] = useState<"idle" | "uploading" | "importing" | "done">("idle");
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(null);
    setSummary(null);
    setPhase("uploading");
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/projects/${projectId}/images`);
    xhr.upload.onprogress = (e) => setProgress({ done: e.loaded, total: e.total });
    let seen = 0;
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf("\n");
      if (end < seen) return;
      for (const line of text.slice(seen, end).split("\n").filter(Boolean)) {
        const message = JSON.parse(line) as {
          type: string;
          done?: number;
          total?: number;
          message?: string;
        } & Summary;
        if (message.type === "progress") {
          setPhase("importing");
          setProgress({ done: message.done ?? 0, total: message.total ?? 0 });
        } else if (message.type === "summary") {
          setSummary(message);
          setPhase("done");
        } else if (message.type === "error") {
          setError(message.message ?? "the import failed");
          setPhase("idle");
        }
      }
      seen = end + 1;
    };
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status >= 400) {
        const body = JSON.parse(xhr.responseText || "{}") as { error?: { message: string } };
        setError(body.error?.message ?? `upload failed (${xhr.status})`);
        setPhase("idle");
        return;
      }
      readLines();
    };
    xhr.onerror = () => {
      setError("The upload was interrupted (network).");
      setPhase("idle");
    };
    xhr.send(data);
  }

  const percent = progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <form className="form" onSubmit={submit}>
      <label>
        Images (PNG or JPEG files, or one zip of them)
        <input
          name="files"
          type="file"
          multiple
          accept="image/png,image/jpeg,.zip,application/zip"
          required
        />
      </label>
      <label>
        Split
        <select name="split" defaultValue="auto">
          <option value="auto">auto: Chorus places each image by the project&apos;s ratios</option>
          <option value="train">train</option>
          <option value="valid">valid</option>
          <option value="test">test</option>
        </select>
      </label>
      <button
        className="button-primary"
        type="submit"
        disabled={phase === "uploading" || phase === "importing"}
      >
        Upload
      </button>
      {phase === "uploading" || phase === "importing" ? (
        <div>
          <progress className="progress" max={100} value={percent} />
          <p className="muted">
            {phase === "uploading"
              ? `Uploading… ${percent}%`
              : `Importing ${progress.done} of ${progress.total} images…`}
          </p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      {summary ? (
        <div role="status">
          <p>
            Added {summary.images} images ({summary.existing} already in the project) in{" "}
            {summary.seconds.toFixed(1)} s; {summary.skipped.length} skipped.
          </p>
          {summary.skipped.length > 0 ? (
            <ul>
              {summary.skipped.slice(0, 50).map((item, index) => (
                <li key={index}>
                  {item.name}: {item.reason}
                </li>
              ))}
              {summary.skipped.length > 50 ? <li>… and {summary.skipped.length - 50} more</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
