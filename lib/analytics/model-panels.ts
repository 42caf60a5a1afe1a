// Crowd beside model: for a published model's predictions, how its uncertainty and the crowd's
// compare (entropy scatter), where they disagree (Jensen-Shannon divergence), and its calibration.
import { reliabilityDiagram, type ReliabilityBin } from "../ambiguity/calibration";
import { distributionEntropy, entropy } from "../ambiguity/distribution";
import { histogram, type HistogramBin } from "../ambiguity/histogram";
import { seededRng } from "../random";
import { db } from "../db";
import { coveredLabels, crowdModelPoints, loadPredictionRows } from "./crowd-model";

/** Which images the panels are computed on: a held-out split when there is one, else every image. */
export type PanelSplit = "valid" | "test" | "all";

export interface ModelPanels {
  modelId: number;
  /** The model's number within its project (absent in panels cached before numbers existed). */
  modelNumber?: number;
  /** Held out (valid, else test) by default, so the figures match the model page's valid metrics. */
  split: PanelSplit;
  paradigm: string;
  publishedAt: string | null;
  images: number;
  /** Labels the model puts mass on; the crowd's counts are restricted to them before comparing. */
  labels: string[];
  meanDivergence: number;
  /** Share of images whose model top label equals the crowd majority (ties: first label). */
  accuracy: number;
  ece: number;
  /** Up to 600 images drawn at random (seeded) for the scatter: crowd and model entropy in nats (4 decimals). */
  scatter: { imageId: number; crowd: number; model: number }[];
  divergenceHistogram: HistogramBin[];
  /** The 24 images where crowd and model disagree most. */
  topDisagreements: { imageId: number; divergence: number; crowdMajority: string; modelTop: string }[];
  reliability: ReliabilityBin[];
}

/** The most recently published model of the project with predictions, or null. */
export async function latestPredictedModel(projectId: number) {
  return db.modelVersion.findFirst({
    where: { projectId, status: "published", predictions: { some: {} } },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    select: { id: true, paradigm: true, publishedAt: true },
  });
}

/** Computes the panels of one model from its predictions and the images' running counts. */
export async function computeModelPanels(modelId: number): Promise<ModelPanels | null> {
  const model = await db.modelVersion.findUnique({
    where: { id: modelId },
    select: {
      id: true,
      number: true,
      paradigm: true,
      publishedAt: true,
      project: { select: { labels: true } },
    },
  });
  if (!model) return null;
  const all = await loadPredictionRows(modelId, true);
  if (all.length === 0) return null;
  // The model trained on the train split: figures over it would flatter the model.
  const split: PanelSplit = all.some((row) => row.split === "valid")
    ? "valid"
    : all.some((row) => row.split === "test")
      ? "test"
      : "all";
  const rows = split === "all" ? all : all.filter((row) => row.split === split);
  const labels = model.project.labels;
  const covered = coveredLabels(labels.length, rows);
  const points = crowdModelPoints(rows, covered).flatMap((point) =>
    point.crowdMajority === null || point.divergence === null
      ? []
      : [{ ...point, crowdMajority: point.crowdMajority, divergence: point.divergence }],
  );
  const random = seededRng(modelId);
  // 600 points show the shape; more only add page weight (the overview must stay fast at 32k images).
  const sample = points.length <= 600 ? points : points.filter(() => random() < 600 / points.length);
  const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
  const calibration = reliabilityDiagram(
    points.map((point) => ({ distribution: point.model, target: point.crowdMajority })),
  );
  const name = (index: number) => labels[covered[index]!] ?? "?";
  return {
    modelId: model.id,
    modelNumber: model.number,
    split,
    paradigm: model.paradigm,
    publishedAt: model.publishedAt?.toISOString() ?? null,
    images: points.length,
    labels: covered.map((index) => labels[index]!),
    meanDivergence: points.reduce((sum, point) => sum + point.divergence, 0) / Math.max(1, points.length),
    accuracy:
      points.filter((point) => point.modelTop === point.crowdMajority).length / Math.max(1, points.length),
    ece: calibration.ece,
    scatter: sample.map((point) => ({
      imageId: point.imageId,
      crowd: round4(entropy(point.counts)),
      model: round4(distributionEntropy(point.model)),
    })),
    divergenceHistogram: histogram(
      points.map((point) => point.divergence),
      { min: 0, max: Math.LN2, bins: 20 },
    ),
    topDisagreements: [...points]
      .sort((a, b) => b.divergence - a.divergence)
      .slice(0, 24)
      .map((point) => ({
        imageId: point.imageId,
        divergence: point.divergence,
        crowdMajority: name(point.crowdMajority),
        modelTop: name(point.modelTop),
      })),
    reliability: calibration.bins,
  };
}
