// Gold images, an interleaved assignment policy (registry.ts): marking them (a reference distribution
// in images.gold_distribution) and mixing them into an annotator's stream at the project's goldRate. Gold tasks look like any
// other task; the annotator's vote is an ordinary vote, scored later against the reference.
import { normalize, total as sum } from "../../ambiguity/distribution";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { ProjectSettings } from "../../projects/settings";
import { leaseFirst } from "../leases";
import { goldCandidateRows, markGoldFromShares, writeGoldDistribution } from "../sql/selection";
import { z } from "zod";

// Gold images are shown to many annotators beyond the project's target; PostgreSQL int4 max.
const NO_TARGET = 2_147_483_647;

/**
 * Marks an image as gold with `reference` (counts or shares over the project's labels, normalised
 * here), or unmarks it with null. A wrong length, a negative entry or an all-zero vector is a 400.
 */
export async function setGoldDistribution(
  projectId: number,
  imageId: number,
  reference: number[] | null,
): Promise<number[] | null> {
  const image = await db.image.findFirst({ where: { id: imageId, projectId }, select: { counts: true } });
  if (!image) throw new AppError("not_found", `image ${imageId} not found in project ${projectId}`);
  let stored: number[] | null = null;
  if (reference !== null) {
    if (
      reference.length !== image.counts.length ||
      reference.some((p) => !Number.isFinite(p) || p < 0) ||
      sum(reference) <= 0
    ) {
      throw new AppError(
        "bad_request",
        `distribution needs ${image.counts.length} non-negative numbers, not all zero`,
        {
          field: "distribution",
        },
      );
    }
    stored = normalize(reference);
  }
  await writeGoldDistribution(imageId, stored);
  return stored;
}

/** Marks images as gold with their current vote shares as the reference (e.g. imported FER+ 10-vote images). */
export async function markGoldFromCounts(projectId: number, imageIds: number[]): Promise<number> {
  return markGoldFromShares(projectId, imageIds);
}

/**
 * With probability `goldRate`, leases a gold image the annotator has not answered yet (random among
 * them) and returns its id; otherwise, or when none is left, null. Gold images ignore the target.
 */
export async function leaseGoldTask(input: {
  projectId: number;
  annotatorId: string;
  settings: ProjectSettings;
  exclude: number[];
  random?: () => number;
}): Promise<{ imageId: number; expiresAt: Date } | null> {
  const { projectId, annotatorId, settings, exclude } = input;
  if (settings.goldRate <= 0 || (input.random ?? Math.random)() >= settings.goldRate) return null;
  const rows = await goldCandidateRows(projectId, annotatorId, exclude);
  if (rows.length === 0) return null;
  const leased = await leaseFirst({
    projectId,
    annotatorId,
    candidates: rows.map((row) => row.id),
    targetVotes: NO_TARGET,
    leaseSeconds: settings.leaseSeconds,
    // Gold images are few and shared by every annotator: wait for a concurrent lease on the first
    // candidate (a short statement) rather than skip it and silently lower the gold rate.
    wait: true,
  });
  return leased.imageId !== null && leased.expiresAt
    ? { imageId: leased.imageId, expiresAt: leased.expiresAt }
    : null;
}

/** PUT /api/projects/{id}/images/{imageId}/gold: counts or shares in label order, or null to unmark. */
export const goldRequestSchema = z.object({ distribution: z.array(z.number().nonnegative()).nullable() });
