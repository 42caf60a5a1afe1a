// One exported image as every format writer sees it: the database record plus what is derived from
// it (distribution, majority label, pseudonymous votes, a safe file name). Formats differ only in how
// they lay these fields out.
import { majority, toDistribution } from "../ambiguity/distribution";
import { FERPLUS_LABELS } from "../projects/labels";
import type { SplitName } from "./options";
import type { Pseudonymizer } from "./pseudonym";
import type { ImageRecord } from "./sql";

export interface ExportVote {
  /** Pseudonym (stable within this export only), or null for an imported vote with no annotator. */
  annotator: string | null;
  label: string;
  durationMs: number | null;
}

export interface ExportRow {
  id: number;
  /** The image's external name, as imported. */
  name: string;
  /** `name` made safe as a relative file name (see safeFileName). */
  fileName: string;
  split: SplitName | null;
  counts: number[];
  voteCount: number;
  entropy: number;
  distribution: number[];
  majority: string | null;
  width: number;
  height: number;
  format: string;
  data?: Buffer;
  votes?: ExportVote[];
  prediction?: number[] | null;
}

/** FERPlus's folder per split (generate_training_data.py); images without a split go to `Unsplit`. */
export const SPLIT_FOLDERS: Record<SplitName, string> = {
  train: "FER2013Train",
  valid: "FER2013Valid",
  test: "FER2013Test",
};
export const UNSPLIT_FOLDER = "Unsplit";

/** FERPlus's `Usage` values in fer2013new.csv (the FER2013 Kaggle split names). */
export const SPLIT_USAGE: Record<SplitName, string> = {
  train: "Training",
  valid: "PublicTest",
  test: "PrivateTest",
};

/**
 * A file name for an image that cannot leave its folder: plain names are kept (so FERPlus names and
 * a re-import match); names with a path separator or a leading dot get the image id in front and
 * the separators replaced, which keeps them unique.
 */
export function safeFileName(name: string, id: number): string {
  if (/^[^/\\\0]+$/.test(name) && !name.startsWith(".")) return name;
  return `${id}-${name.replace(/[/\\\0]/g, "_").replace(/^\.+/, "")}`;
}

/** Column names of the label counts: FERPlus calls `not_a_face` NF, so FER+ projects use its header. */
export function countColumns(labels: readonly string[]): string[] {
  const isFerplus =
    labels.length === FERPLUS_LABELS.length && labels.every((l, i) => l === FERPLUS_LABELS[i]);
  return isFerplus ? labels.map((l) => (l === "not_a_face" ? "NF" : l)) : [...labels];
}

/** The export row of a database record; raw annotator ids never leave this function. */
export function toExportRow(
  record: ImageRecord,
  labels: readonly string[],
  pseudonymize: Pseudonymizer,
): ExportRow {
  const top = majority(record.counts);
  const row: ExportRow = {
    id: record.id,
    name: record.name,
    fileName: safeFileName(record.name, record.id),
    split: record.split,
    counts: record.counts,
    voteCount: record.voteCount,
    entropy: record.entropy,
    // Maximum-likelihood estimate: each label's share of the votes, no smoothing.
    distribution: toDistribution(record.counts),
    majority: top === null ? null : (labels[top] ?? null),
    width: record.width,
    height: record.height,
    format: record.format,
  };
  if (record.data) row.data = record.data;
  if (record.votes) {
    row.votes = record.votes.map((vote) => ({
      annotator: pseudonymize(vote.annotatorKey),
      label: labels[vote.label] ?? String(vote.label),
      durationMs: vote.durationMs,
    }));
  }
  if (record.prediction !== undefined) row.prediction = record.prediction;
  return row;
}
