"use client";
// The export form and the list of this project's export jobs (polled while any is still running).
import { formatTime } from "@/app/components/format";
import { useEffect, useState } from "react";
import type { exportJobView } from "@/app/api/projects/[id]/export/jobs/view";
import { EXPORT_FORMATS, SPLITS, type ExportFormat } from "@/lib/export/options";

type JobView = ReturnType<typeof exportJobView>;

const FORMAT_NAMES: Record<ExportFormat, string> = {
  csv: "CSV (FERPlus fer2013new.csv columns)",
  jsonl: "JSONL (every vote, pseudonymous annotators, predictions)",
  parquet: "Parquet (Hugging Face datasets, images inside)",
  ferplus: "FERPlus training layout (label.csv + PNG per split)",
};

const POLL_MS = 1500;

export function ExportForm(props: {
  projectId: number;
  labels: string[];
  license: string;
  provenance: string;
  initialJobs: JobView[];
}) {
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [splits, setSplits] = useState<string[]>([]);
  const [majority, setMajority] = useState("");
  const [minVotes, setMinVotes] = useState("");
  const [entropyMin, setEntropyMin] = useState("");
  const [entropyMax, setEntropyMax] = useState("");
  const [license, setLicense] = useState(props.license);
  const [provenance, setProvenance] = useState(props.provenance);
  const [jobs, setJobs] = useState(props.initialJobs);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/projects/${props.projectId}/export`;

  const pending = jobs.some((job) => job.status === "queued" || job.status === "running");
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(async () => {
      const response = await fetch(`${base}/jobs`, { cache: "no-store" });
      if (response.ok) setJobs(((await response.json()) as { jobs: JobView[] }).jobs);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, base]);

  // Empty fields are left out, so the server sees only the filters that were set.
  const filters = {
    ...(splits.length ? { splits } : {}),
    ...(majority ? { majority } : {}),
    ...(minVotes !== "" ? { minVotes: Number(minVotes) } : {}),
    ...(entropyMin !== "" ? { entropyMin: Number(entropyMin) } : {}),
    ...(entropyMax !== "" ? { entropyMax: Number(entropyMax) } : {}),
  };
  const query = new URLSearchParams({ format, zip: "1" });
  if (splits.length) query.set("split", splits.join(","));
  if (majority) query.set("majority", majority);
  if (minVotes !== "") query.set("minVotes", minVotes);
  if (entropyMin !== "") query.set("entropyMin", entropyMin);
  if (entropyMax !== "") query.set("entropyMax", entropyMax);
  // The card of a direct download says what is typed here now, saved or not.
  if (license.trim()) query.set("license", license.trim());
  if (provenance.trim()) query.set("provenance", provenance.trim());

  async function start(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`${base}/jobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ format, filters, license, provenance }),
      });
      const body = (await response.json()) as { job?: JobView; error?: { message: string } };
      if (!response.ok || !body.job)
        throw new Error(body.error?.message ?? `export failed (${response.status})`);
      setJobs((current) => [body.job!, ...current]);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="form card export-form" onSubmit={start}>
        <fieldset className="export-formats">
          <legend>Format</legend>
          {EXPORT_FORMATS.map((name) => (
            <label key={name}>
              <input
                type="radio"
                name="format"
                value={name}
                checked={format === name}
                onChange={() => setFormat(name)}
              />{" "}
              {FORMAT_NAMES[name]}
            </label>
          ))}
        </fieldset>
        <div className="filters">
          <fieldset>
            <legend>Splits (none ticked: all images)</legend>
            {SPLITS.map((split) => (
              <label key={split} className="inline">
                <input
                  type="checkbox"
                  checked={splits.includes(split)}
                  onChange={(e) =>
                    setSplits((s) => (e.target.checked ? [...s, split] : s.filter((x) => x !== split)))
                  }
                />{" "}
                {split}
              </label>
            ))}
          </fieldset>
          <label>
            Majority label
            <select value={majority} onChange={(e) => setMajority(e.target.value)}>
              <option value="">any</option>
              {props.labels.map((label) => (
                <option key={label} value={label}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Minimum votes
            <input
              type="number"
              min={0}
              step={1}
              value={minVotes}
              onChange={(e) => setMinVotes(e.target.value)}
            />
          </label>
          <label>
            Entropy from (nats)
            <input
              type="number"
              min={0}
              step="any"
              value={entropyMin}
              onChange={(e) => setEntropyMin(e.target.value)}
            />
          </label>
          <label>
            to
            <input
              type="number"
              min={0}
              step="any"
              value={entropyMax}
              onChange={(e) => setEntropyMax(e.target.value)}
            />
          </label>
        </div>
        <label>
          License (dataset card)
          <input value={license} onChange={(e) => setLicense(e.target.value)} placeholder="e.g. CC BY 4.0" />
        </label>
        <label>
          Provenance (dataset card)
          <textarea
            rows={3}
            value={provenance}
            onChange={(e) => setProvenance(e.target.value)}
            placeholder="Where the images come from, who voted, under which consent"
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <p className="export-actions">
          <button className="button-primary" type="submit" disabled={busy}>
            {busy ? "Starting…" : "Start export"}
          </button>
          <a href={`${base}?${query.toString()}`} className="small">
            or download now as a stream (small projects)
          </a>
        </p>
      </form>
      <h2>Exports</h2>
      {jobs.length === 0 ? (
        <p className="muted">No exports yet.</p>
      ) : (
        <table className="data card export-jobs">
          <thead>
            <tr>
              <th>#</th>
              <th>Format</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Started</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>{job.id}</td>
                <td>{job.format}</td>
                <td title={job.error ?? undefined}>
                  {job.status === "failed" ? `failed: ${job.error ?? ""}` : job.status}
                </td>
                <td>
                  <progress
                    className="progress"
                    max={1}
                    value={job.progress}
                    aria-label={`export ${job.id} progress`}
                  />
                </td>
                <td>{formatTime(job.createdAt)}</td>
                <td>{job.downloadUrl ? <a href={job.downloadUrl}>Download zip</a> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
