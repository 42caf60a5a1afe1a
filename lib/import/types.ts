// Shared shapes of an import: what a source yields per image, and what the import reports.
import type { Split } from "../generated/prisma/client";

export type { Split };

/** One vote of an imported image; `annotator` is the external annotator id when the source names one. */
export interface ImportVote {
  label: number;
  annotator?: string;
  durationMs?: number;
}

/** A validated image ready to be written: its bytes and what decoding them told us. */
export interface ImportImage {
  externalName: string;
  split: Split | null;
  sha256: string;
  data: Buffer;
  width: number;
  height: number;
  format: string;
  votes: ImportVote[];
}

/** A row that was not imported, with the line it came from and why. */
export interface SkippedRow {
  line: number | null;
  name: string;
  reason: string;
}

export interface ImportSummary {
  project: string;
  projectId: number;
  /** Rows read from the source. */
  rows: number;
  /** Images written by this run. */
  images: number;
  /** Votes written by this run. */
  votes: number;
  /** Images already in the project (a re-run of the same import), left untouched. */
  existing: number;
  skipped: SkippedRow[];
  seconds: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export type ProgressListener = (progress: ImportProgress) => void;

/** FERPlus folder names and the split each one holds (FERPlus generate_training_data.py). */
export const FERPLUS_FOLDER_SPLITS: Record<string, Split> = {
  FER2013Train: "train",
  FER2013Valid: "valid",
  FER2013Test: "test",
};
