// Exports to the local disk (CLI and background job): a single file, a folder or a zip, written
// under a temporary name and renamed when complete, so a failed export never looks finished.
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ExportFilters, ExportFormat } from "./options";
import { runExport, WRITERS, type ExportProgress, type ExportResult } from "./run";
import { folderTarget, singleFileTarget, writableSink, zipTarget, type ExportTarget } from "./targets";

export type DestinationKind = "file" | "folder" | "zip";

/**
 * How `out` is written: `.zip` -> a zip; an existing folder, a trailing `/`, a name without an
 * extension or the FERPlus layout -> a folder; otherwise one data file (csv, jsonl, parquet).
 */
export async function destinationKind(out: string, format: ExportFormat): Promise<DestinationKind> {
  if (out.toLowerCase().endsWith(".zip")) return "zip";
  const isDirectory = await stat(out).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDirectory || out.endsWith("/") || path.extname(out) === "" || WRITERS[format].requiresBundle)
    return "folder";
  return "file";
}

/** Where the card of a single-file export goes: beside it, `<name>.README.md`. */
export function cardPathFor(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.README.md`;
}

export interface ExportToDiskOptions {
  projectId: number;
  format: ExportFormat;
  filters?: ExportFilters;
  out: string;
  kind?: DestinationKind;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

/** Exports to `out` on disk; returns the result and the kind of destination written. */
export async function exportToDisk(
  options: ExportToDiskOptions,
): Promise<ExportResult & { kind: DestinationKind; out: string }> {
  const out = path.resolve(options.out);
  const kind = options.kind ?? (await destinationKind(options.out, options.format));
  await mkdir(path.dirname(out), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  let target: ExportTarget;
  if (kind === "folder") target = await folderTarget(out);
  else if (kind === "zip") target = await zipTarget(createWriteStream(partial));
  else target = singleFileTarget(writableSink(createWriteStream(partial)));
  try {
    const result = await runExport({ ...options, target });
    if (kind !== "folder") await rename(partial, out);
    if (kind === "file") await writeFile(cardPathFor(out), result.card);
    return { ...result, kind, out };
  } catch (error) {
    await target.discard();
    if (kind !== "folder") await rm(partial, { force: true });
    throw error;
  }
}
