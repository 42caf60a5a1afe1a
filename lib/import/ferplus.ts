// FERPlus training layout: a folder with label.csv (no header: image name, face box, then one vote
// count per FER+ label) and one PNG per row, as FERPlus's generate_training_data.py writes it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { AppError } from "../errors";
import { findOrCreateFerplusProject } from "../projects/projects";
import { FERPLUS_LABELS } from "../projects/labels";
import { runImport, type SourceRow } from "./run-import";
import {
  FERPLUS_FOLDER_SPLITS,
  type ImportSummary,
  type ProgressListener,
  type SkippedRow,
  type Split,
} from "./types";

const MAX_COUNT = 1000;

/** The split a FERPlus folder holds, from its name (FER2013Train -> train, ...), or null. */
export function splitFromFolderName(dir: string): Split | null {
  return FERPLUS_FOLDER_SPLITS[path.basename(path.resolve(dir))] ?? null;
}

/** Parses label.csv text into source rows and per-line rejections. */
export function parseFerplusLabels(
  text: string,
  dir: string,
  split: Split | null,
): { rows: SourceRow[]; skipped: SkippedRow[] } {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  const rows: SourceRow[] = [];
  const skipped: SkippedRow[] = [];
  const labelCount = FERPLUS_LABELS.length;
  records.forEach((record, index) => {
    const line = index + 1;
    const name = record[0] ?? "";
    const reject = (reason: string) => skipped.push({ line, name, reason });
    if (!name) return reject("missing image name");
    if (name.includes("/") || name.includes("\\") || name.startsWith("."))
      return reject("image name must be a plain file name");
    if (record.length !== 2 + labelCount) {
      return reject(
        `expected ${2 + labelCount} columns (name, face box, ${labelCount} counts), found ${record.length}`,
      );
    }
    const votes: { label: number }[] = [];
    for (let label = 0; label < labelCount; label++) {
      const raw = record[2 + label]!;
      const count = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(count)) {
        return reject(`count for "${FERPLUS_LABELS[label]}" is not an integer: "${raw}"`);
      }
      if (count < 0) return reject(`count for "${FERPLUS_LABELS[label]}" is negative: ${count}`);
      if (count > MAX_COUNT)
        return reject(`count for "${FERPLUS_LABELS[label]}" exceeds ${MAX_COUNT}: ${count}`);
      for (let k = 0; k < count; k++) votes.push({ label });
    }
    rows.push({ line, name, split, votes, load: () => readFile(path.join(dir, name)) });
  });
  return { rows, skipped };
}

/**
 * Imports a FERPlus folder into project `projectName` (created with the FER+ label set if missing).
 * The folder name sets the split unless `split` is given. Re-running adds nothing.
 */
export async function importFerplusFolder(options: {
  projectName: string;
  dir: string;
  split?: Split | null;
  onProgress?: ProgressListener;
}): Promise<ImportSummary> {
  const dir = path.resolve(options.dir);
  let text: string;
  try {
    text = await readFile(path.join(dir, "label.csv"), "utf8");
  } catch {
    throw new AppError("bad_request", `${dir} has no readable label.csv (is it a FERPlus folder?)`, {
      field: "dir",
    });
  }
  const project = await findOrCreateFerplusProject(options.projectName);
  const expected = FERPLUS_LABELS.join(",");
  if (project.labels.join(",") !== expected) {
    throw new AppError(
      "conflict",
      `project "${project.name}" does not use the FER+ label set (${expected})`,
      {
        field: "project",
      },
    );
  }
  const split = options.split === undefined ? splitFromFolderName(dir) : options.split;
  const { rows, skipped } = parseFerplusLabels(text, dir, split);
  return runImport(project, rows, { skipped, onProgress: options.onProgress });
}
