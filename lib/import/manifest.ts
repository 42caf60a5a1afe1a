// Generic manifests (CSV with a header, or JSONL): one row per image with per-label counts, or one
// row per vote (image, annotator, label). See docs/cli.md "Importing data".
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { db } from "../db";
import { AppError } from "../errors";
import { FERPLUS_LABELS } from "../projects/labels";
import { createProjectSchema } from "../projects/schemas";
import {
  FERPLUS_FOLDER_SPLITS,
  type ImportSummary,
  type ProgressListener,
  type SkippedRow,
  type Split,
} from "./types";
import { manifestRecordToEntry, type ManifestEntry } from "./manifest-record";
import { runImport, type SourceRow } from "./run-import";

const RESERVED = new Set([
  "image",
  "name",
  "image name",
  "external_name",
  "externalname",
  "split",
  "usage",
  "annotator",
  "label",
  "duration_ms",
  "durationms",
  "votes",
  "counts",
  "id",
  "distribution",
  "entropy",
  "majority",
  "prediction",
  "majoritylabel",
  "majority_label",
]);

/** Reads a manifest file into plain records (with their line numbers). */
async function readRecords(file: string): Promise<{ line: number; record: Record<string, unknown> }[]> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new AppError("bad_request", `cannot read manifest ${file}`, { field: "file" });
  });
  if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) {
    const out: { line: number; record: Record<string, unknown> }[] = [];
    text.split("\n").forEach((raw, index) => {
      if (!raw.trim()) return;
      try {
        const value = JSON.parse(raw) as unknown;
        out.push({
          line: index + 1,
          record: typeof value === "object" && value ? (value as Record<string, unknown>) : {},
        });
      } catch {
        out.push({ line: index + 1, record: { __error: "line is not valid JSON" } });
      }
    });
    return out;
  }
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
    string,
    string
  >[];
  // Line numbers count the header as line 1.
  return rows.map((record, index) => ({ line: index + 2, record }));
}

/** Label set for a new project: --labels, else the count columns / keys of the manifest, else FER+. */
function inferLabels(records: { record: Record<string, unknown> }[]): string[] {
  const first = records[0]?.record ?? {};
  if (first.counts && typeof first.counts === "object") return Object.keys(first.counts);
  const columns = Object.keys(first).filter((key) => !RESERVED.has(key.toLowerCase()));
  if (columns.length >= 2) return columns.map((c) => (c === "NF" ? "not_a_face" : c));
  return [...FERPLUS_LABELS];
}

/**
 * Imports a manifest into project `projectName` (created with `labels`, or labels inferred from
 * the manifest, if missing). Image paths are relative to the manifest's folder.
 */
export async function importManifest(options: {
  projectName: string;
  file: string;
  split?: Split | null;
  labels?: string[];
  onProgress?: ProgressListener;
}): Promise<ImportSummary> {
  const file = path.resolve(options.file);
  const records = await readRecords(file);
  let project = await db.project.findUnique({ where: { name: options.projectName } });
  if (!project) {
    const labels = options.labels ?? inferLabels(records);
    const data = createProjectSchema.parse({ name: options.projectName, labels });
    project = await db.project.create({ data });
  } else if (options.labels && options.labels.join(",") !== project.labels.join(",")) {
    throw new AppError("conflict", `project "${project.name}" has labels ${project.labels.join(",")}`, {
      field: "labels",
    });
  }
  const skipped: SkippedRow[] = [];
  const byName = new Map<string, { entry: ManifestEntry; row: SourceRow }>();
  for (const { line, record } of records) {
    const entry = manifestRecordToEntry(record, project.labels);
    if ("error" in entry) {
      skipped.push({ line, name: entry.name ?? "", reason: entry.error });
      continue;
    }
    const split = options.split !== undefined ? options.split : entry.split;
    const existing = byName.get(entry.name);
    if (existing) {
      // One row per vote: further rows of an image add votes; anything else is a duplicate.
      if (!entry.perVote || !existing.entry.perVote) {
        skipped.push({ line, name: entry.name, reason: "duplicate image name in this source" });
        continue;
      }
      const annotator = entry.votes[0]?.annotator;
      if (annotator !== undefined && existing.row.votes.some((v) => v.annotator === annotator)) {
        skipped.push({
          line,
          name: entry.name,
          reason: `annotator "${annotator}" already voted on this image`,
        });
        continue;
      }
      existing.row.votes.push(...entry.votes);
      continue;
    }
    const imagePath = resolveImagePath(path.dirname(file), entry, split);
    byName.set(entry.name, {
      entry,
      row: { line, name: entry.name, split, votes: [...entry.votes], load: () => readFile(imagePath) },
    });
  }
  const rows = [...byName.values()].map((v) => v.row);
  return runImport(project, rows, { skipped, onProgress: options.onProgress });
}

/** Where an entry's image file is: its `image` path, else its name beside the manifest or in its FERPlus split folder. */
function resolveImagePath(dir: string, entry: ManifestEntry, split: Split | null): string {
  if (entry.image) return path.resolve(dir, entry.image);
  const folder = Object.entries(FERPLUS_FOLDER_SPLITS).find(([, s]) => s === split)?.[0];
  return folder ? path.resolve(dir, folder, entry.name) : path.resolve(dir, entry.name);
}
