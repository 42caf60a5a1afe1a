// Project overview (researchers): size, agreement with intervals, votes per image, entropy, label
// mass, confused pairs, and the model panels once predictions exist. Server time stays small at FER+
// scale: it reads running counts and the project_stats cache, never the votes table.
import { CategoryBarChart } from "@/app/components/charts/category-bar-chart";
import { ConfusionHeatmap } from "@/app/components/charts/confusion-heatmap";
import { formatCount, formatMeasure, formatTime } from "@/app/components/format";
import { loadOverview } from "@/lib/analytics/overview";
import type { ReliabilityIntervals } from "@/lib/analytics/refresh";
import { researcherAccess } from "@/app/components/researcher-access";
import { ModelSection } from "./model-section";
import { PoliciesSection } from "./policies-section";

export const dynamic = "force-dynamic";

function IntervalText({ interval }: { interval: ReliabilityIntervals["alpha"] | undefined }) {
  if (!interval) return <span className="muted">95% CI pending</span>;
  return (
    <span className="muted">
      95% CI [{formatMeasure(interval.low)}, {formatMeasure(interval.high)}]
    </span>
  );
}

export default async function OverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await researcherAccess(id, `/projects/${id}`);
  const overview = await loadOverview(access.projectId);
  const summary = overview.summary.data;
  const intervals = overview.reliability?.data.all;
  const labelMass = summary.labels.map((label) => ({
    label,
    majority: summary.majorityCounts[label] ?? 0,
    soft: Math.round((summary.softMass[label] ?? 0) * 10) / 10,
  }));
  const agreement = summary.labels.map((label) => ({
    label,
    agreement:
      summary.perClassAgreement[label] === null
        ? null
        : Math.round((summary.perClassAgreement[label] ?? 0) * 1000) / 10,
  }));
  return (
    <section className="dashboard">
      <div className="stat-grid">
        <div className="card stat">
          <div className="stat-label">Images</div>
          <div className="stat-value">{formatCount(overview.images)}</div>
        </div>
        <div className="card stat">
          <div className="stat-label">Votes</div>
          <div className="stat-value">{formatCount(overview.votes)}</div>
        </div>
        <div className="card stat">
          <div className="stat-label">Krippendorff&apos;s α (nominal)</div>
          <div className="stat-value">{formatMeasure(summary.krippendorffAlpha)}</div>
          <IntervalText interval={intervals?.alpha} />
        </div>
        <div className="card stat">
          <div className="stat-label">Fleiss&apos; κ</div>
          <div className="stat-value">{formatMeasure(summary.fleissKappa)}</div>
          <IntervalText interval={intervals?.kappa} />
          <div className="muted small">
            {formatCount(summary.fleissImages)} images with {summary.fleissVotesPerImage} votes · Randolph κ{" "}
            {formatMeasure(summary.randolphKappa)}
          </div>
        </div>
        <div className="card stat">
          <div className="stat-label">Mean entropy</div>
          <div className="stat-value">{formatMeasure(summary.meanEntropy)} nats</div>
          <span className="muted">normalised {formatMeasure(summary.meanNormalizedEntropy, 2)} of ln K</span>
        </div>
      </div>
      <p className="muted small stats-age">
        Counts summary at {formatCount(overview.summary.voteCount)} votes (
        {formatTime(overview.summary.computedAt)}).{" "}
        {overview.reliability
          ? `Intervals: ${overview.reliability.data.resamples} bootstrap resamples over images, computed at ${formatCount(overview.reliability.voteCount)} votes (${formatTime(overview.reliability.computedAt)})${overview.reliabilityStale ? "; newer votes have arrived, a refresh is scheduled" : ""}.`
          : "Intervals have not been computed yet; the stats job has been scheduled."}
      </p>

      <div className="chart-grid">
        <div className="card">
          <h2>Votes per image</h2>
          <CategoryBarChart
            data={summary.votesPerImage.map((row) => ({ votes: String(row.votes), images: row.images }))}
            categoryKey="votes"
            series={[{ key: "images", name: "images", color: "#4f46e5" }]}
            xLabel="votes on the image"
            yLabel="images"
          />
        </div>
        <div className="card">
          <h2>Entropy of the vote distribution</h2>
          <CategoryBarChart
            data={summary.entropyHistogram.map((bin) => ({
              entropy: bin.from.toFixed(2),
              images: bin.count,
            }))}
            categoryKey="entropy"
            series={[{ key: "images", name: "images", color: "#f59e0b" }]}
            xLabel="entropy, lower bin edge (nats)"
            yLabel="images"
          />
        </div>
        <div className="card">
          <h2>Label mass</h2>
          <CategoryBarChart
            data={labelMass}
            categoryKey="label"
            series={[
              { key: "majority", name: "majority label (images)", color: "#4f46e5" },
              { key: "soft", name: "soft mass (images, summed vote shares)", color: "#10b981" },
            ]}
            xLabel="label"
            yLabel="images"
            tiltLabels
            height={300}
          />
        </div>
        <div className="card">
          <h2>Agreement per label</h2>
          <CategoryBarChart
            data={agreement}
            categoryKey="label"
            series={[{ key: "agreement", name: "agreement", color: "#10b981" }]}
            xLabel="label"
            yLabel="another vote agrees (%)"
            yUnit="%"
            yDomain={[0, 100]}
            tiltLabels
            height={300}
          />
        </div>
      </div>

      <div className="card">
        <h2>Confused pairs</h2>
        <ConfusionHeatmap labels={summary.labels} matrix={summary.confusion} />
      </div>

      {overview.model && (
        <ModelSection
          panels={overview.model.data}
          computedAt={overview.model.computedAt}
          projectId={access.projectId}
        />
      )}
      <PoliciesSection projectId={access.projectId} />
    </section>
  );
}
