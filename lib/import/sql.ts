// The import's raw SQL, one home (docs/architecture.md, "Data layer"), on the import's own pg
// client: the transaction around it and the bulk writes. Writes validated images and their votes in bulk: one multi-row INSERT per table per batch
// (unnest of arrays), inside the caller's transaction. Image bytes are stored once per sha256. The
// running counts are not computed here: the database recounts the batch's images from their votes
// with chorus_recount_images (prisma/sql), the one home of "which votes count" (docs/architecture.md,
// "Invariants").
import type pg from "pg";
import type { ImportImage } from "./types";

export interface BatchResult {
  images: number;
  votes: number;
  existing: number;
}

// Raw: multi-row INSERTs from unnest()ed arrays with ON CONFLICT DO NOTHING, and a SQL function call.
/**
 * Inserts `images` (and their votes) into project `projectId`. Images whose external name is
 * already in the project are left untouched with their votes (so re-running an import adds
 * nothing). Must run inside a transaction that has set `chorus.bulk_counts = on`: the per-vote
 * counts trigger steps aside, and the batch's images are recounted in one statement instead.
 */
export async function writeImageBatch(
  client: pg.ClientBase,
  projectId: number,
  labelCount: number,
  images: ImportImage[],
): Promise<BatchResult> {
  if (images.length === 0) return { images: 0, votes: 0, existing: 0 };
  const blobs = new Map(images.map((image) => [image.sha256, image]));
  const uniqueBlobs = [...blobs.values()];
  await client.query(
    `INSERT INTO image_blobs (sha256, data, width, height, format, byte_size)
     SELECT * FROM unnest($1::text[], $2::bytea[], $3::int[], $4::int[], $5::text[], $6::int[])
     ON CONFLICT (sha256) DO NOTHING`,
    [
      uniqueBlobs.map((b) => b.sha256),
      uniqueBlobs.map((b) => b.data),
      uniqueBlobs.map((b) => b.width),
      uniqueBlobs.map((b) => b.height),
      uniqueBlobs.map((b) => b.format),
      uniqueBlobs.map((b) => b.data.length),
    ],
  );
  // New images start with no counted votes; the recount below fills them in.
  const inserted = await client.query<{ id: number; external_name: string }>(
    `INSERT INTO images (project_id, sha256, external_name, split, counts, vote_count)
     SELECT $1, sha256, name, split::"Split", array_fill(0, ARRAY[$5::int]), 0
     FROM unnest($2::text[], $3::text[], $4::text[]) AS batch(sha256, name, split)
     ON CONFLICT (project_id, external_name) DO NOTHING
     RETURNING id, external_name`,
    [
      projectId,
      images.map((i) => i.sha256),
      images.map((i) => i.externalName),
      images.map((i) => i.split),
      labelCount,
    ],
  );
  const idByName = new Map(inserted.rows.map((row) => [row.external_name, row.id]));
  const imageIds: number[] = [];
  const labels: number[] = [];
  const annotators: (string | null)[] = [];
  const durations: (number | null)[] = [];
  for (const image of images) {
    const id = idByName.get(image.externalName);
    if (id === undefined) continue;
    for (const vote of image.votes) {
      imageIds.push(id);
      labels.push(vote.label);
      annotators.push(vote.annotator ?? null);
      durations.push(vote.durationMs ?? null);
    }
  }
  // Chunked so that one statement's parameters stay well within memory limits.
  const CHUNK = 50_000;
  for (let start = 0; start < imageIds.length; start += CHUNK) {
    const end = start + CHUNK;
    await client.query(
      `INSERT INTO votes (project_id, image_id, label, external_annotator_id, duration_ms, source)
       SELECT $1, image_id, label, annotator, duration, 'import'
       FROM unnest($2::int[], $3::int[], $4::text[], $5::int[]) AS v(image_id, label, annotator, duration)`,
      [
        projectId,
        imageIds.slice(start, end),
        labels.slice(start, end),
        annotators.slice(start, end),
        durations.slice(start, end),
      ],
    );
  }
  // The counts trigger stepped aside for these votes (chorus.bulk_counts): count them set-wise now,
  // in the same transaction, by the same rule.
  const voted = [...new Set(imageIds)];
  if (voted.length > 0) await client.query("SELECT chorus_recount_images($1::int[])", [voted]);
  return { images: idByName.size, votes: imageIds.length, existing: images.length - idByName.size };
}

// Raw: a transaction on the import's own pg client, with a SET LOCAL that Prisma cannot issue.
/** Opens the import's transaction with the per-vote counts trigger stepped aside (chorus.bulk_counts). */
export async function beginBulkImport(client: pg.ClientBase): Promise<void> {
  await client.query("BEGIN");
  await client.query("SET LOCAL chorus.bulk_counts = 'on'");
}

// Raw: ends the transaction beginBulkImport opened on the same pg client.
/** Commits the import. */
export async function commitBulkImport(client: pg.ClientBase): Promise<void> {
  await client.query("COMMIT");
}

// Raw: ends the transaction beginBulkImport opened on the same pg client.
/** Rolls the import back (best effort: the connection may be gone). */
export async function rollbackBulkImport(client: pg.ClientBase): Promise<void> {
  await client.query("ROLLBACK").catch(() => undefined);
}

// Raw: ANALYZE is a utility command Prisma has no call for.
/**
 * Refreshes the planner's statistics after a bulk load: without it, queries planned right after an
 * import assume the tables are still nearly empty.
 */
export async function analyzeImportedTables(client: pg.ClientBase): Promise<void> {
  await client.query("ANALYZE images, votes, image_blobs");
}
