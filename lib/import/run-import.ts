// The import pipeline shared by every source format: validate rows in parallel, write them in
// batches, all inside ONE transaction, so an import is either wholly in or not at all, while bad
// rows are skipped with their line number and reason. An image whose source names no split is
// placed by the project's split plan (lib/splits/assign.ts) from its content hash.
import pg from "pg";
import { databaseUrl } from "../env";
import type { Project } from "../generated/prisma/client";
import { parseProjectSettings, splitPlanOf } from "../projects/settings";
import { assignSplit } from "../splits/assign";
import {
  analyzeImportedTables,
  beginBulkImport,
  commitBulkImport,
  rollbackBulkImport,
  writeImageBatch,
} from "./sql";
import { decodeImage, InvalidImageError, mapLimit } from "./image-file";
import type { ImportImage, ImportSummary, ImportVote, ProgressListener, SkippedRow, Split } from "./types";

/** One row of a source, not yet validated; `load` reads its bytes (and may throw RowError). */
export interface SourceRow {
  line: number | null;
  name: string;
  split: Split | null;
  votes: ImportVote[];
  load(): Promise<Buffer>;
}

/** A problem with one row: reported with its line and skipped. */
export class RowError extends Error {}

const BATCH = 1000;
const DECODE_CONCURRENCY = 8;

/** Imports `rows` into `project`. Rows already rejected by the source parser come in `skipped`. */
export async function runImport(
  project: Pick<Project, "id" | "name" | "labels" | "settings">,
  rows: SourceRow[],
  options: { skipped?: SkippedRow[]; onProgress?: ProgressListener } = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const plan = splitPlanOf(parseProjectSettings(project.settings));
  const skipped: SkippedRow[] = [...(options.skipped ?? [])];
  const seen = new Set<string>();
  const unique: SourceRow[] = [];
  for (const row of rows) {
    if (seen.has(row.name)) {
      skipped.push({ line: row.line, name: row.name, reason: "duplicate image name in this source" });
    } else {
      seen.add(row.name);
      unique.push(row);
    }
  }
  const summary: ImportSummary = {
    project: project.name,
    projectId: project.id,
    rows: rows.length + (options.skipped?.length ?? 0),
    images: 0,
    votes: 0,
    existing: 0,
    skipped,
    seconds: 0,
  };
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  let pending: Promise<(ImportImage | Error)[]> | undefined;
  try {
    await beginBulkImport(client);
    // Reading and validating batch n+1 overlaps the database write of batch n.
    const load = (start: number) =>
      mapLimit(unique.slice(start, start + BATCH), DECODE_CONCURRENCY, (row) => loadRow(row));
    pending = unique.length > 0 ? load(0) : undefined;
    for (let start = 0; start < unique.length; start += BATCH) {
      const batch = unique.slice(start, start + BATCH);
      const loaded = await pending!;
      pending = start + BATCH < unique.length ? load(start + BATCH) : undefined;
      const images: ImportImage[] = [];
      loaded.forEach((result, index) => {
        if (result instanceof Error) {
          const row = batch[index]!;
          skipped.push({ line: row.line, name: row.name, reason: result.message });
        } else {
          images.push(result.split ? result : { ...result, split: assignSplit(result.sha256, plan) });
        }
      });
      const written = await writeImageBatch(client, project.id, project.labels.length, images);
      summary.images += written.images;
      summary.votes += written.votes;
      summary.existing += written.existing;
      options.onProgress?.({ done: Math.min(start + BATCH, unique.length), total: unique.length });
    }
    await commitBulkImport(client);
    if (summary.images > 0) await analyzeImportedTables(client);
  } catch (error) {
    // A batch still loading when the write failed must not surface as an unhandled rejection.
    pending?.catch(() => undefined);
    await rollbackBulkImport(client);
    throw error;
  } finally {
    await client.end();
  }
  skipped.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function loadRow(row: SourceRow): Promise<ImportImage | Error> {
  try {
    const data = await row.load();
    const decoded = await decodeImage(data);
    return { externalName: row.name, split: row.split, data, votes: row.votes, ...decoded };
  } catch (error) {
    if (error instanceof RowError || error instanceof InvalidImageError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return new RowError("image file not found");
    if (code === "EISDIR" || code === "EACCES") return new RowError(`cannot read image file (${code})`);
    throw error;
  }
}
