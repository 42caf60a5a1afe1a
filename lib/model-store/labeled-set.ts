// Loads a project's images and running vote counts from PostgreSQL into lib/model's LabeledSet: one
// query for the image ids, then pages of ids joined to their blobs, decoded (pixels.ts) while the next
// page is fetched. lib/model itself takes the arrays and never reads the database.
import { db } from "../db";
import type { LabeledSet } from "../model/types";
import { PIXELS_PER_IMAGE } from "../model/types";
import { emotionClasses, NON_EMOTION_LABELS } from "../projects/labels";
import { seededRng, shuffleInPlace } from "../random";
import { decodeInto } from "./pixels";
import { type CountsAndBytesRow, imageCountsAndBytes, splitImageIds } from "./sql";

const PAGE = 1000;

export type LoadedSet = {
  set: LabeledSet;
  /** The emotion classes the model predicts: the project's labels minus NON_EMOTION_LABELS. */
  classes: string[];
  /** The project's full label list (votes and predictions.distribution use this order). */
  labels: string[];
  /** The non-emotion labels whose votes `set.nonEmotionCounts` holds. */
  nonEmotionLabels: string[];
};

/**
 * Images of `split` in project `projectId` with their vote counts and pixels, ordered by image id.
 * `limit` keeps a seeded random subset (same `seed`, same subset).
 */
export async function loadLabeledSet(
  projectId: number,
  split: "train" | "valid" | "test",
  options: { limit?: number; seed?: number } = {},
): Promise<LoadedSet> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { labels: true } });
  const labels = project.labels;
  const classes = emotionClasses(labels);
  const nonEmotionLabels = labels.filter((label) => NON_EMOTION_LABELS.includes(label));
  const classIndex = classes.map((name) => labels.indexOf(name));
  const otherIndex = nonEmotionLabels.map((name) => labels.indexOf(name));
  const idRows = await splitImageIds(projectId, split);
  let ids = idRows.map((row) => row.id);
  if (options.limit !== undefined && options.limit < ids.length) {
    shuffleInPlace(ids, seededRng(options.seed ?? 1));
    ids = ids.slice(0, options.limit).sort((a, b) => a - b);
  }
  const pixels = new Float32Array(ids.length * PIXELS_PER_IMAGE);
  const counts: number[][] = new Array(ids.length);
  const nonEmotionCounts: number[][] = new Array(ids.length);
  const position = new Map(ids.map((id, index) => [id, index]));
  const fetchPage = (start: number) => imageCountsAndBytes(ids.slice(start, start + PAGE));
  let next = ids.length > 0 ? fetchPage(0) : Promise.resolve([] as CountsAndBytesRow[]);
  for (let start = 0; start < ids.length; start += PAGE) {
    const rows = await next;
    if (start + PAGE < ids.length) next = fetchPage(start + PAGE);
    const images = rows.map((row) => {
      const slot = position.get(row.id)!;
      const all = row.counts ?? [];
      counts[slot] = classIndex.map((k) => all[k] ?? 0);
      nonEmotionCounts[slot] = otherIndex.map((k) => all[k] ?? 0);
      return { bytes: row.data, slot };
    });
    await decodeInto(pixels, images);
  }
  return { set: { imageIds: ids, pixels, counts, nonEmotionCounts }, classes, labels, nonEmotionLabels };
}
