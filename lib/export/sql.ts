// The one streamed query every export format reads: the project's images matching the filters, in
// name order (the (project_id, external_name) index gives it without a sort), with (on request) their image bytes, their votes and the latest published model's
// prediction. Rows come through a server-side cursor (pg-query-stream) on a plain `pg` client, so
// memory stays constant however large the project is.
// Not marked "server-only": the CLI and the worker (plain Node) import it too.
import pg from "pg";
import QueryStream from "pg-query-stream";
import { databaseUrl } from "../env";
import { AppError } from "../errors";
import type { ExportFilters, SplitName } from "./options";

/** One vote as the query returns it: `annotatorKey` is internal (`u:<user id>` / `x:<external id>`). */
export interface RawVote {
  annotatorKey: string | null;
  label: number;
  durationMs: number | null;
}

/** One image of an export, as read from the database. */
export interface ImageRecord {
  id: number;
  name: string;
  split: SplitName | null;
  counts: number[];
  voteCount: number;
  entropy: number;
  width: number;
  height: number;
  format: string;
  /** Image bytes (image_blobs.data), when asked for. */
  data?: Buffer;
  /** Votes in the order they were cast, when asked for. */
  votes?: RawVote[];
  /** Predicted distribution of the chosen model, when asked for and the model has one for this image. */
  prediction?: number[] | null;
}

export interface ImageQueryOptions {
  projectId: number;
  labels: readonly string[];
  filters: ExportFilters;
  include?: { bytes?: boolean; votes?: boolean; predictionsOf?: number | null };
}

// Raw: the export reads through a pg cursor (below), so its statements are SQL text; array filters.
/** WHERE clause and parameters for the filters ($1 is the project id). */
export function filterSql(options: Pick<ImageQueryOptions, "projectId" | "labels" | "filters">): {
  where: string;
  params: unknown[];
} {
  const { filters } = options;
  const params: unknown[] = [options.projectId];
  const clauses = ["i.project_id = $1"];
  if (filters.splits?.length) {
    params.push(filters.splits);
    clauses.push(`i.split::text = ANY($${params.length}::text[])`);
  }
  if (filters.majority !== undefined) {
    const index = options.labels.indexOf(filters.majority);
    if (index < 0) {
      throw new AppError("bad_request", `majority "${filters.majority}" is not a label of this project`, {
        field: "majority",
      });
    }
    // Majority: the SQL function chorus_majority (prisma/sql/04_chorus_majority.sql), the one rule.
    params.push(index);
    clauses.push(`i.vote_count > 0 AND chorus_majority(i.counts) = $${params.length}`);
  }
  if (filters.minVotes !== undefined) {
    params.push(filters.minVotes);
    clauses.push(`i.vote_count >= $${params.length}`);
  }
  if (filters.entropyMin !== undefined) {
    params.push(filters.entropyMin);
    clauses.push(`i.entropy >= $${params.length}`);
  }
  if (filters.entropyMax !== undefined) {
    params.push(filters.entropyMax);
    clauses.push(`i.entropy <= $${params.length}`);
  }
  return { where: clauses.join(" AND "), params };
}

// Raw: correlated subqueries and json_agg per image, streamed through a cursor (Prisma has no cursor).
/** The SELECT behind every export (exported for the benchmark, which COPYs the same rows). */
export function imageQuerySql(options: ImageQueryOptions): { text: string; params: unknown[] } {
  const { where, params } = filterSql(options);
  const columns = [
    "i.id",
    "i.external_name AS name",
    "i.split::text AS split",
    "i.counts",
    "i.vote_count",
    "i.entropy",
    "(SELECT b.width FROM image_blobs b WHERE b.sha256 = i.sha256) AS width",
    "(SELECT b.height FROM image_blobs b WHERE b.sha256 = i.sha256) AS height",
    "(SELECT b.format FROM image_blobs b WHERE b.sha256 = i.sha256) AS format",
  ];
  if (options.include?.bytes)
    columns.push("(SELECT d.data FROM image_blobs d WHERE d.sha256 = i.sha256) AS data");
  if (options.include?.votes) {
    columns.push(`(SELECT json_agg(json_build_array(
        CASE WHEN v.annotator_id IS NOT NULL THEN 'u:' || v.annotator_id
             WHEN v.external_annotator_id IS NOT NULL THEN 'x:' || v.external_annotator_id END,
        v.label, v.duration_ms) ORDER BY v.id)
      FROM votes v WHERE v.image_id = i.id
        -- Paused annotators' votes stay in the database but, while the project's switch is on
        -- (default), are left out here by the same SQL function that leaves them out of images.counts.
        AND chorus_vote_counted($1, v.annotator_id)) AS votes`);
  }
  if (options.include?.predictionsOf) {
    params.push(options.include.predictionsOf);
    columns.push(
      `(SELECT p.distribution FROM predictions p WHERE p.model_id = $${params.length} AND p.image_id = i.id) AS prediction`,
    );
  }
  // The ordered image list is a subquery (not pulled up because of its ORDER BY) scanned in order,
  // and everything else comes from scalar subqueries per row: a join would let the planner pick a
  // hash join whose output follows the other table's order, and sorting the large columns (bytes,
  // votes) would spill.
  const text = `SELECT ${columns.join(", ")}
    FROM (SELECT * FROM images i WHERE ${where} ORDER BY i.external_name) i`;
  return { text, params };
}

// Raw: counted inside the export's snapshot on its own pg client, under the same WHERE text.
/** Number of images an export with these filters holds (for progress). */
export async function countImages(client: pg.ClientBase, options: ImageQueryOptions): Promise<number> {
  const { where, params } = filterSql(options);
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM images i WHERE ${where}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

interface DbRow {
  id: number;
  name: string;
  split: SplitName | null;
  counts: number[];
  vote_count: number;
  entropy: number;
  width: number;
  height: number;
  format: string;
  data?: Buffer;
  votes?: [string | null, number, number | null][] | null;
  prediction?: number[] | null;
}

// Raw: the FETCH size of the cursor below.
/**
 * Rows per cursor round trip: enough that round trips are few (each waits for the server process to
 * be scheduled, which matters on a busy machine), fewer when rows carry image bytes (~2.5 kB a FER+
 * face) so that a batch stays around a megabyte.
 */
export function cursorBatchSize(options: ImageQueryOptions): number {
  return options.include?.bytes ? 400 : 1000;
}

// Raw: a server-side cursor (pg-query-stream), which Prisma cannot open.
/** Streams the images of an export through a cursor, `batchSize` rows per round trip. */
export async function* streamImages(
  client: pg.ClientBase,
  options: ImageQueryOptions,
  batchSize = cursorBatchSize(options),
): AsyncGenerator<ImageRecord> {
  const { text, params } = imageQuerySql(options);
  const stream = client.query(new QueryStream(text, params, { batchSize, highWaterMark: batchSize }));
  try {
    for await (const raw of stream as AsyncIterable<DbRow>) {
      const record: ImageRecord = {
        id: raw.id,
        name: raw.name,
        split: raw.split,
        counts: raw.counts,
        voteCount: raw.vote_count,
        entropy: raw.entropy,
        width: raw.width,
        height: raw.height,
        format: raw.format,
      };
      if (options.include?.bytes) record.data = raw.data;
      if (options.include?.votes) {
        record.votes = (raw.votes ?? []).map(([annotatorKey, label, durationMs]) => ({
          annotatorKey,
          label,
          durationMs,
        }));
      }
      if (options.include?.predictionsOf) record.prediction = raw.prediction ?? null;
      yield record;
    }
  } finally {
    // An early exit (client gone, error in a writer) closes the cursor so the connection is reusable.
    stream.destroy();
  }
}

// Raw: a plain pg client, since Prisma's pool cannot hold a cursor open.
/** A dedicated connection for one export's cursor (Prisma's pool cannot hold a cursor open). */
export async function connectExportClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  return client;
}

// Raw: a REPEATABLE READ READ ONLY transaction on the export's own pg client (not Prisma's pool).
/** Opens one snapshot for the count, the rows and hence the card. */
export async function beginSnapshot(client: pg.ClientBase): Promise<void> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

// Raw: ends the transaction beginSnapshot opened on the same pg client.
/** Ends the export's snapshot. */
export async function endSnapshot(client: pg.ClientBase): Promise<void> {
  await client.query("COMMIT");
}
