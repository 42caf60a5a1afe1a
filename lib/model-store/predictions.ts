// Writing a model's predicted distributions back to the predictions table, one multi-row statement
// per batch, each distribution laid out in the project's full label order.
import { upsertPredictionRows } from "./sql";

/** Rows per INSERT: large enough to amortise the round trip, small enough to keep statements modest. */
export const PREDICTION_BATCH = 1000;

/**
 * For each class the model predicts, its index in the project's labels. A model trained on a subset
 * (e.g. the 8 FER+ emotions of 10 labels) leaves the other labels at 0.
 */
export function classToLabelIndex(classes: readonly string[], projectLabels: readonly string[]): number[] {
  return classes.map((name) => {
    const index = projectLabels.indexOf(name);
    if (index < 0) throw new Error(`model class "${name}" is not a label of the project`);
    return index;
  });
}

/** A distribution over the model's classes, spread over the project's labels (0 where not predicted). */
export function expandDistribution(
  distribution: ArrayLike<number>,
  labelIndex: readonly number[],
  labelCount: number,
): number[] {
  const expanded = new Array<number>(labelCount).fill(0);
  labelIndex.forEach((label, cls) => {
    expanded[label] = distribution[cls] ?? 0;
  });
  return expanded;
}

/** A float8[] literal; JSON-style numbers are valid PostgreSQL array elements. */
function arrayLiteral(values: readonly number[]): string {
  return `{${values.map((v) => (Number.isFinite(v) ? String(v) : "0")).join(",")}}`;
}

/**
 * Upserts predictions of `modelId` for `imageIds[i]` -> `distributions[i]` (already in project label
 * order). Idempotent, so a retried predict job simply rewrites the same rows.
 */
export async function writePredictions(
  modelId: number,
  imageIds: readonly number[],
  distributions: readonly (readonly number[])[],
): Promise<number> {
  if (imageIds.length !== distributions.length) throw new Error("one distribution per image expected");
  let written = 0;
  for (let start = 0; start < imageIds.length; start += PREDICTION_BATCH) {
    const ids = imageIds.slice(start, start + PREDICTION_BATCH);
    const literals = distributions.slice(start, start + PREDICTION_BATCH).map(arrayLiteral);
    written += await upsertPredictionRows(modelId, ids, literals);
  }
  return written;
}
