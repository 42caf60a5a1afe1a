// Raw SQL of the analytics reads over images and predictions (counts.ts, crowd-model.ts,
// prediction-facts.ts), one home (docs/architecture.md, "Data layer"): each statement says why
// Prisma's query API cannot say it.
import { db } from "../../db";
import type { Split } from "../../generated/prisma/client";

/** A prediction beside its image's split and running counts. */
export interface PredictionRow {
  image_id: number;
  split: "train" | "valid" | "test" | null;
  distribution: number[];
  counts: number[];
}

// Raw: GROUP BY an int[] column (Prisma's groupBy cannot group by a list field); identical vectors
// travel once (a few thousand rows instead of 32k at FER+ scale).
/** The project's distinct count vectors (optionally of one split) with how many images have each. */
export function countVectorGroups(
  projectId: number,
  split: Split | null,
): Promise<{ counts: number[]; images: number }[]> {
  return split
    ? db.$queryRaw<{ counts: number[]; images: number }[]>`
        SELECT counts, count(*)::int AS images FROM images
        WHERE project_id = ${projectId} AND split = ${split}::"Split" GROUP BY counts`
    : db.$queryRaw<{ counts: number[]; images: number }[]>`
        SELECT counts, count(*)::int AS images FROM images WHERE project_id = ${projectId} GROUP BY counts`;
}

// Raw: a join filtered on the joined table's column, read as flat rows without Prisma's object mapping.
/** Every prediction of the model with its image's counts (optionally only images with votes). */
export function predictionRows(modelId: number, withVotesOnly: boolean): Promise<PredictionRow[]> {
  return db.$queryRaw<PredictionRow[]>`
    SELECT p.image_id, i.split::text AS split, p.distribution, i.counts FROM predictions p JOIN images i ON i.id = p.image_id
    WHERE p.model_id = ${modelId} AND (NOT ${withVotesOnly} OR i.vote_count > 0)`;
}

// Raw: a set-based UPDATE from unnest()ed arrays, one statement per batch instead of one per row.
/** Writes the facts of a batch of the model's predictions (parallel arrays, one entry per image). */
export function updatePredictionFacts(
  modelId: number,
  batch: {
    imageIds: number[];
    topLabels: (number | null)[];
    confidences: number[];
    divergences: (number | null)[];
  },
): Promise<number> {
  return db.$executeRaw`
      UPDATE predictions p SET top_label = t.top_label, confidence = t.confidence, divergence = t.divergence
      FROM unnest(${batch.imageIds}::int[],
                  ${batch.topLabels}::int[],
                  ${batch.confidences}::float8[],
                  ${batch.divergences}::float8[]) AS t(image_id, top_label, confidence, divergence)
      WHERE p.model_id = ${modelId} AND p.image_id = t.image_id`;
}

// Raw: an EXISTS probe that stops at the first row (Prisma's count would count them all).
/** Whether any prediction of the model has no facts yet (a predict rerun writes rows without them). */
export function predictionsWithoutFacts(modelId: number): Promise<{ unset: boolean }[]> {
  return db.$queryRaw<{ unset: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM predictions WHERE model_id = ${modelId} AND confidence IS NULL) AS unset`;
}
