// Splits in the database: placing images that have none (lazily, before training), re-splitting a
// whole project on request, and the counts the settings page shows. The rule itself is assign.ts.
import { z } from "zod";
import { db } from "../db";
import { getProject } from "../projects/projects";
import { parseProjectSettings, splitPlanOf } from "../projects/settings";
import { updateProjectSettings } from "../projects/update-settings";
import { assignSplit, SPLITS, type SplitName, type SplitPlan } from "./assign";
import { updateSplit } from "./sql";

export type SplitCounts = Record<SplitName | "unassigned", number>;

export const RESPLIT_WARNING =
  "Re-splitting moves images between train, valid and test: models published before were evaluated " +
  "on the old split, so their valid figures are not comparable with models trained after.";

/** POST /api/projects/{id}/splits: `confirm: true` says the caller read RESPLIT_WARNING. */
export const resplitRequestSchema = z
  .object({
    confirm: z.literal(true, { error: `set confirm to true: ${RESPLIT_WARNING}` }),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .strict();

/** Images per split, and those not placed yet. */
export async function splitCounts(projectId: number): Promise<SplitCounts> {
  const groups = await db.image.groupBy({ by: ["split"], where: { projectId }, _count: { _all: true } });
  const counts: SplitCounts = { train: 0, valid: 0, test: 0, unassigned: 0 };
  for (const group of groups) counts[group.split ?? "unassigned"] = group._count._all;
  return counts;
}

/** Writes the split of `images` (id, sha256) by `plan`, one UPDATE per split. */
async function writeSplits(images: { id: number; sha256: string }[], plan: SplitPlan, onlyUnset: boolean) {
  const bySplit = new Map<SplitName, number[]>(SPLITS.map((split) => [split, []]));
  for (const image of images) bySplit.get(assignSplit(image.sha256, plan))!.push(image.id);
  let changed = 0;
  for (const [split, ids] of bySplit) {
    if (!ids.length) continue;
    changed += await updateSplit(split, ids, onlyUnset);
  }
  return changed;
}

export interface SplitOverview extends SplitPlan {
  counts: SplitCounts;
  /** Models evaluated on the current split, whose figures a re-split makes incomparable. */
  publishedModels: number;
}

/** Counts per split with the ratios and seed that place new images (settings page, GET splits). */
export async function splitOverview(projectId: number): Promise<SplitOverview> {
  const project = await getProject(projectId);
  const plan = splitPlanOf(parseProjectSettings(project.settings));
  const publishedModels = await db.modelVersion.count({ where: { projectId, status: "published" } });
  return { counts: await splitCounts(projectId), ...plan, publishedModels };
}

/** Places every image of the project that has no split yet (uploads before splits existed). */
export async function assignMissingSplits(projectId: number): Promise<number> {
  const project = await getProject(projectId);
  const images = await db.image.findMany({
    where: { projectId, split: null },
    select: { id: true, sha256: true },
  });
  if (!images.length) return 0;
  return writeSplits(images, splitPlanOf(parseProjectSettings(project.settings)), true);
}

/**
 * Re-splits a project: every image, including those whose source named a split, is placed again
 * by the project's current ratios and seed (`seed` given: stored first). Models published before
 * were evaluated on the old split; their valid figures are not comparable with later ones.
 */
export async function resplitProject(projectId: number, options: { seed?: number } = {}) {
  const project = await getProject(projectId);
  let settings = parseProjectSettings(project.settings);
  if (options.seed !== undefined && options.seed !== settings.splitSeed) {
    // Through the one settings writer, so a concurrent settings save is not lost.
    settings = (await updateProjectSettings(projectId, { splitSeed: options.seed })).settings;
  }
  const images = await db.image.findMany({ where: { projectId }, select: { id: true, sha256: true } });
  const moved = await writeSplits(images, splitPlanOf(settings), false);
  return { moved, ...(await splitOverview(projectId)) };
}
