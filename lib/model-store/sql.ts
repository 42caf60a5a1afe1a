// The model store's raw SQL, one home (docs/architecture.md, "Data layer"). Every statement here is
// one that Prisma's query API cannot say; each says why. The files that call them (cannot-train.ts,
// heartbeat.ts (model and encoder runs), versions.ts, reaper.ts, labeled-set.ts, pixels.ts, predictions.ts) keep the rules.
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

// Raw: a per-row sum over an int[] column at given positions (unnest), which Prisma cannot filter on.
/** Per split (train, valid), how many images of the project have a vote at one of `positions` (1-based). */
export function votedImagesBySplit(
  projectId: number,
  positions: number[],
): Promise<{ split: string; images: number }[]> {
  return db.$queryRaw<{ split: string; images: number }[]>`
    SELECT split::text AS split, COUNT(*)::int AS images FROM images
    WHERE project_id = ${projectId} AND split IN ('train', 'valid')
      AND (SELECT COALESCE(SUM(counts[k]), 0) FROM unnest(${positions}::int[]) AS k) > 0
    GROUP BY split`;
}

// Raw: unnest() WITH ORDINALITY of an int[] column, which Prisma cannot say.
/** The distinct labels (0-based) at `positions` (1-based) that some train image of the project has votes for. */
export function votedTrainLabels(projectId: number, positions: number[]): Promise<{ label: number }[]> {
  return db.$queryRaw<{ label: number }[]>`
    SELECT DISTINCT k - 1 AS label FROM images, unnest(counts) WITH ORDINALITY AS u(votes, k)
    WHERE project_id = ${projectId} AND split = 'train' AND votes > 0 AND k = ANY(${positions}::int[])`;
}

/** A run that beats: a training run (model_versions) or a pretraining run (encoder_versions). */
export type RunRef = { kind: "model" | "encoder"; id: number };

// Raw identifiers, from this fixed map only: the two tables have the same liveness columns.
const RUN_TABLES = {
  model: Prisma.raw("model_versions"),
  encoder: Prisma.raw("encoder_versions"),
} as const;

// Raw: the database clock (now() AT TIME ZONE 'UTC'), so workers with skewed clocks agree; Prisma
// would send the client's time.
/** Rewrites the run's heartbeat if it is still training; the number of rows written (0 or 1). */
export function writeHeartbeat(run: RunRef): Promise<number> {
  // timestamp(3) columns hold UTC (that is how Prisma reads and writes DateTime).
  return db.$executeRaw`UPDATE ${RUN_TABLES[run.kind]} SET heartbeat_at = now() AT TIME ZONE 'UTC'
    WHERE id = ${run.id} AND status = 'training'`;
}

// Raw: appends to a jsonb array in place (jsonb ||), where Prisma would read, modify and write back.
/** Appends one epoch's metrics to the run's `epochs` if it is still training. */
export async function appendEpochRow(modelId: number, epoch: object): Promise<void> {
  // jsonb || jsonb-array appends in place; no read-modify-write race with the page's reads.
  await db.$executeRaw`UPDATE model_versions SET epochs = epochs || jsonb_build_array(${JSON.stringify(epoch)}::jsonb)
    WHERE id = ${modelId} AND status = 'training'`;
}

// Raw: an UPDATE ... RETURNING with the database clock and an error text built in SQL; Prisma's
// updateMany returns no rows, and a read then a write would let two reapers take the same row.
/** Fails every `training` run of `kind` (but `own`) silent for more than `stale` seconds; the rows it failed. */
export function failSilentRuns(
  kind: RunRef["kind"],
  stale: number,
  own: number[],
): Promise<{ id: number; job_id: string | null; last_seen: Date }[]> {
  return db.$queryRaw<{ id: number; job_id: string | null; last_seen: Date }[]>`
    UPDATE ${RUN_TABLES[kind]}
    SET status = 'failed',
        error = 'worker died: no heartbeat since '
          || to_char(COALESCE(heartbeat_at, created_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          || ' (stale after ' || ${stale}::int || ' s)'
    WHERE status = 'training' AND id <> ALL(${own}::int[])
      AND COALESCE(heartbeat_at, created_at) < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${stale}::int)
    RETURNING id, job_id, COALESCE(heartbeat_at, created_at) AS last_seen`;
}

// Raw: only the id column of a whole split, read as plain rows for the pages below; kept with them.
/** Ids of the project's images in `split`, ascending. */
export function splitImageIds(
  projectId: number,
  split: "train" | "valid" | "test",
): Promise<{ id: number }[]> {
  return db.$queryRaw<{ id: number }[]>`
    SELECT id FROM images WHERE project_id = ${projectId} AND split = ${split}::"Split" ORDER BY id`;
}

/** An image with its counts and its blob's bytes, as imageCountsAndBytes returns it. */
export type CountsAndBytesRow = { id: number; counts: number[] | null; data: Uint8Array };

// Raw: one join with the ids as one int[] parameter (ANY), in one round trip per page; Prisma's
// select of the blob relation runs a second query with one bind parameter per id.
/** The images `ids` with their counts and blob bytes (any order). */
export function imageCountsAndBytes(ids: number[]): Promise<CountsAndBytesRow[]> {
  return db.$queryRaw<CountsAndBytesRow[]>`
      SELECT i.id, i.counts, b.data FROM images i JOIN image_blobs b ON b.sha256 = i.sha256
      WHERE i.id = ANY(${ids}::int[])`;
}

// Raw: the images-to-image_blobs join with one int[] parameter (see imageCountsAndBytes).
/** The images `imageIds` with their blob bytes (any order). */
export function imageBytes(imageIds: number[]): Promise<{ id: number; data: Uint8Array }[]> {
  return db.$queryRaw<{ id: number; data: Uint8Array }[]>`
    SELECT i.id, b.data FROM images i JOIN image_blobs b ON b.sha256 = i.sha256 WHERE i.id = ANY(${imageIds}::int[])`;
}

// Raw: a multi-row upsert from unnest() of two arrays with per-row float8[] casts, in one statement
// per batch; Prisma's upsert is one row a statement.
/**
 * Upserts the predictions of `modelId` for `ids[i]` -> `literals[i]` (float8[] text literals) and
 * clears their derived columns; the number of rows written.
 */
export function upsertPredictionRows(modelId: number, ids: number[], literals: string[]): Promise<number> {
  // unnest() of a 2-D array would flatten it, so each distribution travels as a text literal and
  // is cast per row.
  return db.$executeRaw`
      INSERT INTO predictions (model_id, image_id, distribution)
      SELECT ${modelId}, t.image_id, t.distribution::float8[]
      FROM unnest(${ids}::int[], ${literals}::text[]) AS t(image_id, distribution)
      ON CONFLICT (model_id, image_id) DO UPDATE SET distribution = EXCLUDED.distribution,
        top_label = NULL, confidence = NULL, divergence = NULL`;
}
