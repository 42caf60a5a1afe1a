// Live progress of training runs (epochs written so far of those planned) and the queued jobs.
import { formatMeasure, formatPercent, formatTime } from "@/app/components/format";
import type { ModelVersionView, TrainJobView } from "@/lib/model-store/views";

export function RunProgress({ running, jobs }: { running: ModelVersionView[]; jobs: TrainJobView[] }) {
  const waiting = jobs.filter((job) => job.state !== "active");
  if (!running.length && !waiting.length) return null;
  return (
    <div className="card" aria-live="polite">
      <h2>Training now</h2>
      {running.map((run) => {
        const last = run.epochs[run.epochs.length - 1];
        const planned = run.plannedEpochs ?? run.epochs.length;
        return (
          <div key={run.id} className="run-progress">
            <p>
              Model #{run.number} ({run.paradigm}) · epoch {run.epochs.length} of {planned}
              {last && (
                <>
                  {" "}
                  · train loss {formatMeasure(last.trainLoss)} nats · valid accuracy{" "}
                  {formatPercent(last.validAccuracy)} · {formatMeasure(last.imagesPerSecond, 1)} images/s
                </>
              )}
            </p>
            <progress className="progress" max={planned || 1} value={run.epochs.length} />
          </div>
        );
      })}
      {waiting.length > 0 && (
        <ul className="small muted">
          {waiting.map((job) => (
            <li key={job.id}>
              {job.state === "retry" ? "Waiting to retry" : "Queued"}: {job.paradigm ?? "?"} (
              {job.reason ?? "manual"}), since {formatTime(job.createdOn)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
