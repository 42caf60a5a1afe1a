// Pieces of bench/votes.ts: seeding a large project and pgbench's annotators in SQL, and percentiles.
import { createHash } from "node:crypto";
import type pg from "pg";
import { db } from "../lib/db";

/** p-th percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** A project of `images` faces (sharing `faces` blobs), all counts zero, target 3. */
export async function seedImages(input: {
  name: string;
  ownerId: string;
  images: number;
  faces: Buffer[];
  labels: string[];
}) {
  const project = await db.project.create({
    data: { name: input.name, labels: input.labels, targetVotes: 3, ownerId: input.ownerId },
  });
  const hashes: string[] = [];
  for (const face of input.faces) {
    const sha256 = createHash("sha256").update(face).digest("hex");
    hashes.push(sha256);
    await db.imageBlob.upsert({
      where: { sha256 },
      create: {
        sha256,
        data: new Uint8Array(face),
        width: 48,
        height: 48,
        format: "png",
        byteSize: face.length,
      },
      update: {},
    });
  }
  await db.$executeRaw`
    INSERT INTO images (project_id, sha256, external_name, counts)
    SELECT ${project.id}, (${hashes}::text[])[1 + g % ${hashes.length}], 'face-' || g, array_fill(0, ARRAY[${input.labels.length}::int])
    FROM generate_series(1, ${input.images}) AS g`;
  await db.$executeRaw`ANALYZE images`;
  return project;
}

/** Users pgb-0 .. pgb-(n-1) (pgbench's client ids), members of the project. */
export async function addPgbenchAnnotators(pool: pg.Pool, projectId: number, count: number) {
  await pool.query(
    `INSERT INTO users (id, name, email, role) SELECT 'pgb-' || g, 'pgbench ' || g, 'pgb-' || g || '@bench.invalid', 'annotator'
     FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING`,
    [count],
  );
  await pool.query(
    `INSERT INTO project_members (project_id, user_id, role) SELECT $1, 'pgb-' || g, 'annotator' FROM generate_series(0, $2 - 1) g`,
    [projectId, count],
  );
}
