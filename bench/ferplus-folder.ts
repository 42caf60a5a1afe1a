// FER+ straight from disk for benchmarks that need no database (FERPLUS_DIR, default the shared copy):
// a folder's first rows as a LabeledSet over the 8 FERPlus emotions.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decode, type LabeledSet } from "../lib/model";
import { FERPLUS_LABELS, emotionClasses } from "../lib/projects/labels";

/** The 8 FERPlus emotions: the FER+ label set without its non-emotion answers. */
export const FERPLUS_CLASSES = emotionClasses(FERPLUS_LABELS);
// Same default as the other benchmarks: the shared copy beside the repository.
const root = process.env.FERPLUS_DIR ?? path.resolve("..", "shared", "datasets", "ferplus");

/** The first `n` rows of a FER+ folder: pixels in [0, 1], emotion and non-emotion vote counts. */
export async function loadFolder(folder: string, n: number): Promise<LabeledSet> {
  const rows = (await readFile(path.join(root, folder, "label.csv"), "utf8")).trim().split("\n").slice(0, n);
  const pixels = new Float32Array(rows.length * 2304);
  const counts: number[][] = [];
  const nonEmotionCounts: number[][] = [];
  for (const [i, line] of rows.entries()) {
    // name,"(0, 0, 48, 48)",v1,...,v10: the face box is the only quoted field.
    const [head, tail] = line.split('",');
    const name = head!.split(",")[0]!;
    const votes = tail!.split(",");
    // The decoding training and predictions use (lib/model/decode.ts), so benchmarks see the same pixels.
    pixels.set(await decode(await readFile(path.join(root, folder, name))), i * 2304);
    counts.push(votes.slice(0, 8).map(Number));
    nonEmotionCounts.push(votes.slice(8, 10).map(Number));
  }
  return { imageIds: rows.map((_, i) => i), pixels, counts, nonEmotionCounts };
}
