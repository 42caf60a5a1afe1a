// Raw SQL of the policy replay (lib/tasks/simulation/project-replay.ts), one home
// (docs/architecture.md, "Data layer"): each statement says why Prisma's query API cannot say it.
import { db } from "../../db";
import type { Split } from "../../generated/prisma/client";

// Raw: an optional enum filter as one statement (NULL means every split), reading only the int[]
// counts of a whole project without Prisma's per-row object mapping.
/** Images of the project with at least one vote (optionally of one split), by id. */
export function votedImageCounts(
  projectId: number,
  split: Split | null,
): Promise<{ id: number; counts: number[] }[]> {
  return db.$queryRaw<{ id: number; counts: number[] }[]>`
    SELECT id, counts FROM images
    WHERE project_id = ${projectId} AND vote_count > 0
      AND (${split}::text IS NULL OR split::text = ${split}::text)
    ORDER BY id`;
}

// Raw: a join filtered on the joined table's column; Prisma would filter through a relation subquery.
/** The model's predictions for the project's images. */
export function modelPredictionRows(
  modelId: number,
  projectId: number,
): Promise<{ image_id: number; distribution: number[] }[]> {
  return db.$queryRaw<{ image_id: number; distribution: number[] }[]>`
      SELECT p.image_id, p.distribution FROM predictions p JOIN images i ON i.id = p.image_id
      WHERE p.model_id = ${modelId} AND i.project_id = ${projectId}`;
}
