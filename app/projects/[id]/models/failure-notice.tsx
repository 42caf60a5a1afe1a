// The newest run's failure, at the top of the Models page: its error says what went wrong and what
// to do (lib/model-store/cannot-train.ts), and a failed job is not retried, so nothing else moves.
import type { ModelVersionView } from "@/lib/model-store/views";

export function FailureNotice({ versions }: { versions: ModelVersionView[] }) {
  const newest = versions[0];
  if (!newest || newest.status !== "failed" || !newest.error) return null;
  return (
    <div className="card" role="alert" aria-label="Last training failed">
      <h2>Training #{newest.number} failed</h2>
      <p className="form-error">{newest.error}</p>
    </div>
  );
}
