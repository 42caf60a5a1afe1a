// Dashboard section: how the assignment policies compare on this project's own votes, and how many
// votes settled retirement saves against the fixed target (lib/analytics/policy-comparison.ts).
import { formatCount, formatMeasure, formatPercent, formatTime } from "@/app/components/format";
import { loadPolicyComparison } from "@/lib/analytics/policy-comparison";
import { PoliciesChart } from "./policies-chart";

export async function PoliciesSection({ projectId }: { projectId: number }) {
  const { data, computedAt } = await loadPolicyComparison(projectId);
  const savings = data.savings;
  return (
    <div className="card">
      <h2>Assignment policies</h2>
      <p className="muted small">
        Current policy: <strong>{data.policy}</strong>. Settled retirement has so far retired{" "}
        {formatCount(data.live.retired)} images before the target, {formatCount(data.live.saved)} votes not
        asked for.
      </p>
      {data.rows.length === 0 || !savings ? (
        <p className="muted small">No image has reached the target yet: nothing to replay.</p>
      ) : (
        <>
          <p className="muted small">
            Replay of {formatCount(data.replayedImages)} of {formatCount(data.completeImages)} complete images
            (votes revealed in a seeded random order; active uses {data.activePrediction};{" "}
            {formatTime(computedAt)}). Settled retirement spends {formatCount(savings.settledVotes)} of{" "}
            {formatCount(savings.fixedVotes)} votes ({formatPercent(savings.savedShare)} saved); its
            distributions are at mean KL {formatMeasure(savings.meanKl, 4)} nats from the fixed target&apos;s.
          </p>
          <PoliciesChart rows={data.rows} />
        </>
      )}
    </div>
  );
}
