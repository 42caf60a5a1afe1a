// Loads a project's images and running vote counts from PostgreSQL into a LabeledSet: one query for the
// image ids, then pages of ids joined to their blobs, decoded to 48x48 grayscale by sharp in parallel
// while the next page is fetched.
import sharp from "sharp";
import { seededRng } from "../random";
import { db } from "../db";
import { NON_EMOTION_LABELS } from "../projects/labels";
import { shuffle } from "./batch";
import { IMAGE_SIZE, PIXELS_PER_IMAGE, type LabeledSet } from "./types";

const PAGE = 1000;
const DECODE_CONCURRENCY = 8;

export type LoadedSet = {
  set: LabeledSet;
  /** The emotion classes the model predicts: the project's labels minus NON_EMOTION_LABELS. */
  classes: string[];
  /** The project's full label list (votes and predictions.distribution use this order). */
  labels: string[];
  /** The non-emotion labels whose votes `set.nonEmotionCounts` holds. */
  nonEmotionLabels: string[];
};

/** The emotion classes of a label list, in project order. */
export function emotionClasses(labels: readonly string[]): string[] {
  return labels.filter((label) => !NON_EMOTION_LABELS.includes(label));
}

/** Decodes any image sharp reads to 48x48 8-bit grayscale, scaled to [0, 1], into `out` at `offset`. */
async function decodeInto(data: Uint8Array, out: Float32Array, offset: number): Promise<void> {
  const raw = await sharp(data)
    .removeAlpha()
    .grayscale()
    .resize(IMAGE_SIZE, IMAGE_SIZE, { fit: "fill" })
    .raw()
    .toBuffer();
  for (let i = 0; i < PIXELS_PER_IMAGE; i++) out[offset + i] = raw[i]! / 255;
}

type Row = { id: number; counts: number[] | null; data: Uint8Array };

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
  const idRows = await db.$queryRaw<{ id: number }[]>`
    SELECT id FROM images WHERE project_id = ${projectId} AND split = ${split}::"Split" ORDER BY id`;
  let ids = idRows.map((row) => row.id);
  if (options.limit !== undefined && options.limit < ids.length) {
    shuffle(ids, seededRng(options.seed ?? 1));
    ids = ids.slice(0, options.limit).sort((a, b) => a - b);
  }
  const pixels = new Float32Array(ids.length * PIXELS_PER_IMAGE);
  const counts: number[][] = new Array(ids.length);
  const nonEmotionCounts: number[][] = new Array(ids.length);
  const position = new Map(ids.map((id, index) => [id, index]));
  const fetchPage = (start: number) =>
    db.$queryRaw<Row[]>`
      SELECT i.id, i.counts, b.data FROM images i JOIN image_blobs b ON b.sha256 = i.sha256
      WHERE i.id = ANY(${ids.slice(start, start + PAGE)}::int[])`;
  let next = ids.length > 0 ? fetchPage(0) : Promise.resolve([] as Row[]);
  for (let start = 0; start < ids.length; start += PAGE) {
    const rows = await next;
    if (start + PAGE < ids.length) next = fetchPage(start + PAGE);
    let cursor = 0;
    const worker = async () => {
      while (cursor < rows.length) {
        const row = rows[cursor++]!;
        const index = position.get(row.id)!;
        const all = row.counts ?? [];
        counts[index] = classIndex.map((k) => all[k] ?? 0);
        nonEmotionCounts[index] = otherIndex.map((k) => all[k] ?? 0);
        await decodeInto(row.data, pixels, index * PIXELS_PER_IMAGE);
      }
    };
    await Promise.all(Array.from({ length: DECODE_CONCURRENCY }, worker));
  }
  return { set: { imageIds: ids, pixels, counts, nonEmotionCounts }, classes, labels, nonEmotionLabels };
}
