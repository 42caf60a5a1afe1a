// Crowd beside model, image by image: the one place that turns a prediction and an image's running
// counts into the compared pair (labels the model covers, crowd majority, model top label, divergence).
// The overview panels and the gallery facts both read their numbers from here.
import { argmax, jensenShannon, majority, toDistribution } from "../ambiguity/distribution";
import { predictionRows, type PredictionRow } from "./sql/predictions";

export type { PredictionRow };

/** One image compared: indices are into `covered` (the labels the model predicts). */
export interface CrowdModelPoint {
  imageId: number;
  counts: number[];
  model: number[];
  modelTop: number;
  /** Null when the crowd has no vote on a covered label (nothing to compare with). */
  crowdMajority: number | null;
  divergence: number | null;
}

/** Every prediction of the model with its image's counts (optionally only images with votes). */
export async function loadPredictionRows(modelId: number, withVotesOnly: boolean): Promise<PredictionRow[]> {
  return predictionRows(modelId, withVotesOnly);
}

/**
 * Labels the model puts mass on. A model trained on emotions only predicts 0 for unknown /
 * not_a_face: the crowd is compared on the labels the model covers.
 */
export function coveredLabels(labelCount: number, rows: readonly PredictionRow[]): number[] {
  return Array.from({ length: labelCount }, (_, index) => index).filter((index) =>
    rows.some((row) => (row.distribution[index] ?? 0) > 0),
  );
}

/** The compared pair for each row, over the covered labels (first label wins ties on both sides). */
export function crowdModelPoints(
  rows: readonly PredictionRow[],
  covered: readonly number[],
): CrowdModelPoint[] {
  return rows.map((row) => {
    const counts = covered.map((index) => row.counts[index] ?? 0);
    const predicted = covered.map((index) => row.distribution[index] ?? 0);
    const sum = predicted.reduce((a, b) => a + b, 0) || 1;
    const model = predicted.map((p) => p / sum);
    const modelTop = argmax(model);
    const voted = counts.some((count) => count > 0);
    return {
      imageId: row.image_id,
      counts,
      model,
      modelTop,
      crowdMajority: voted ? majority(counts)! : null,
      divergence: voted ? jensenShannon(toDistribution(counts), model) : null,
    };
  });
}
