// Model panels on the overview, shown once a published model has predictions: entropy scatter,
// Jensen-Shannon divergence histogram, top disagreements, reliability diagram.
import Link from "next/link";
import { CategoryBarChart } from "@/app/components/charts/category-bar-chart";
import { EntropyScatter } from "@/app/components/charts/entropy-scatter";
import { ReliabilityChart } from "@/app/components/charts/reliability-chart";
import { formatCount, formatMeasure, formatPercent, formatTime } from "@/app/components/format";
import type { ModelPanels } from "@/lib/analytics/model-panels";

/** The images the figures are computed on, said in words (older cached panels did not record it). */
function splitText(split: ModelPanels["split"] | undefined): string {
  if (split === "valid" || split === "test") return `the ${split} split (held out from training)`;
  return "all images with votes, including those the model trained on";
}

export function ModelSection({
  panels,
  computedAt,
  projectId,
}: {
  panels: ModelPanels;
  computedAt: Date;
  projectId: number;
}) {
  const maxEntropy = Math.log(Math.max(2, panels.labels.length));
  const gallery = `/projects/${projectId}/gallery?sort=divergence${panels.split === "valid" || panels.split === "test" ? `&split=${panels.split}` : ""}`;
  return (
    <section className="model-section">
      <h2>
        Crowd and model · model #{panels.modelNumber ?? panels.modelId} ({panels.paradigm})
      </h2>
      <p className="small">
        Computed on <strong>{splitText(panels.split)}</strong>.
      </p>
      <p className="muted small">
        {formatCount(panels.images)} images · mean JSD {formatMeasure(panels.meanDivergence)} nats · top label
        = crowd majority {formatPercent(panels.accuracy)} · ECE {formatMeasure(panels.ece)} · computed{" "}
        {formatTime(computedAt)}
      </p>
      <div className="chart-grid">
        <div className="card">
          <h3>Crowd entropy vs model entropy</h3>
          <EntropyScatter points={panels.scatter} max={maxEntropy} />
        </div>
        <div className="card">
          <h3>Jensen-Shannon divergence, crowd vs model</h3>
          <CategoryBarChart
            data={panels.divergenceHistogram.map((bin) => ({ jsd: bin.from.toFixed(3), images: bin.count }))}
            categoryKey="jsd"
            series={[{ key: "images", name: "images", color: "#ef4444" }]}
            xLabel="JSD, lower bin edge (nats; max ln 2 = 0.693)"
            yLabel="images"
          />
        </div>
        <div className="card">
          <h3>Reliability diagram</h3>
          <ReliabilityChart bins={panels.reliability} />
        </div>
      </div>
      <div className="card">
        <h3>Top disagreements</h3>
        <p className="small">
          <Link href={gallery}>Every face of this split in the gallery, by divergence</Link>
        </p>
        <div className="face-grid">
          {panels.topDisagreements.map((item) => (
            <Link key={item.imageId} href={`/images/${item.imageId}`} className="face-card">
              {/* eslint-disable-next-line @next/next/no-img-element -- 48x48 faces, served with immutable caching */}
              <img
                className="face"
                src={`/api/images/${item.imageId}/file`}
                width={96}
                height={96}
                alt={`image ${item.imageId}`}
              />
              <span className="small">
                JSD {formatMeasure(item.divergence)} · crowd {item.crowdMajority} · model {item.modelTop}
              </span>
            </Link>
          ))}
        </div>
      </div>
    </section>
  );
}
