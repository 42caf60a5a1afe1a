// Side by side: the newest published model of each paradigm, with the FERPlus-protocol valid metrics.
import { formatCount, formatMeasure, formatPercent } from "@/app/components/format";
import type { ModelVersionView } from "@/lib/model-store/views";

export function ParadigmComparison({
  versions,
  paradigms,
}: {
  versions: ModelVersionView[];
  paradigms: string[];
}) {
  // versions arrive newest first, so the first published one per paradigm is its newest.
  const newest = paradigms.map((p) => versions.find((v) => v.paradigm === p && v.status === "published"));
  if (!newest.some(Boolean))
    return <p className="muted">No published model yet. Queue one with the Retrain form.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Paradigm</th>
          <th>Model</th>
          <th>Valid accuracy</th>
          <th>NLL (nats)</th>
          <th>KL to crowd (nats)</th>
          <th>ECE</th>
          <th>Epochs</th>
          <th>Votes</th>
          <th>Minutes</th>
        </tr>
      </thead>
      <tbody>
        {paradigms.map((paradigm, i) => {
          const model = newest[i];
          if (!model) {
            return (
              <tr key={paradigm}>
                <td>{paradigm}</td>
                <td colSpan={8} className="muted">
                  not trained yet
                </td>
              </tr>
            );
          }
          return (
            <tr key={paradigm}>
              <td>{paradigm}</td>
              <td>#{model.number}</td>
              <td>{formatPercent(model.valid?.accuracy, 2)}</td>
              <td>{formatMeasure(model.valid?.nll)}</td>
              <td>{formatMeasure(model.valid?.klToCrowd)}</td>
              <td>{formatMeasure(model.valid?.ece)}</td>
              <td>{model.epochs.length}</td>
              <td>{formatCount(model.voteCount)}</td>
              <td>{model.durationMs === null ? "n/a" : formatMeasure(model.durationMs / 60000, 1)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
