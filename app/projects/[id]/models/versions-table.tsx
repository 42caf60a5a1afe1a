// Every model version: status, paradigm, settings, the vote count it was trained on, backend,
// duration and its valid metrics (or the error of a failed run).
import { formatCount, formatMeasure, formatPercent, formatTime } from "@/app/components/format";
import type { ModelVersionView } from "@/lib/model-store/views";

const SETTING_KEYS = [
  "epochs",
  "batchSize",
  "learningRate",
  "optimizer",
  "schedule",
  "modelSize",
  "augment",
  "seed",
  "limit",
  "candidateMinVotes",
];

function settingsText(settings: Record<string, unknown>): string {
  return SETTING_KEYS.filter((key) => settings[key] !== undefined)
    .map((key) => `${key} ${String(settings[key])}`)
    .join(", ");
}

export function VersionsTable({ versions }: { versions: ModelVersionView[] }) {
  if (!versions.length) return <p className="muted">No model versions yet.</p>;
  return (
    <table className="data versions">
      <thead>
        <tr>
          <th>#</th>
          <th>Status</th>
          <th>Paradigm</th>
          <th>Settings</th>
          <th className="num">Votes</th>
          <th>Backend</th>
          <th className="num">Duration (min)</th>
          <th className="num">Valid acc.</th>
          <th className="num">KL (nats)</th>
          <th className="num">ECE</th>
          <th>Started</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.id}>
            <td>#{v.number}</td>
            <td>
              <span className={`status status-${v.status}`}>{v.status}</span>
              {v.error && <div className="small form-error">{v.error}</div>}
            </td>
            <td>{v.paradigm}</td>
            <td className="small">{settingsText(v.settings)}</td>
            <td className="num">{formatCount(v.voteCount)}</td>
            <td>{v.backend ?? "n/a"}</td>
            <td className="num">{v.durationMs === null ? "n/a" : formatMeasure(v.durationMs / 60000, 1)}</td>
            <td className="num">{formatPercent(v.valid?.accuracy, 2)}</td>
            <td className="num">{formatMeasure(v.valid?.klToCrowd)}</td>
            <td className="num">{formatMeasure(v.valid?.ece)}</td>
            <td className="small">{formatTime(v.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
