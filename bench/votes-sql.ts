// Pieces of bench/votes.ts: seeding a large project in SQL, and the raw-pg ceiling, which issues
// the same statements as one GET tasks/next + POST votes cycle (lib/auth, lib/tasks, lib/votes),
// without Next.js, Prisma or HTTP in between.
import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
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

const UTC_NOW = "(now() AT TIME ZONE 'UTC')";

/** The guard's statements for a cookie: the session joined with its user, the project, the membership. */
async function authenticate(client: pg.PoolClient, token: string, userId: string, projectId: number) {
  await client.query(
    `SELECT s.*, u.id AS uid, u.name, u.email, u.role, u.worker_id
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = $1`,
    [token],
  );
  await client.query("SELECT * FROM projects WHERE id = $1", [projectId]);
  await client.query("SELECT * FROM project_members WHERE project_id = $1 AND user_id = $2", [
    projectId,
    userId,
  ]);
}

async function nextTask(
  pool: pg.Pool,
  token: string,
  userId: string,
  projectId: number,
): Promise<number | null> {
  const client = await pool.connect();
  try {
    await authenticate(client, token, userId, projectId);
    await client.query(
      `SELECT l.image_id, l.expires_at FROM task_leases l WHERE l.project_id = $1 AND l.annotator_id = $2
       AND l.expires_at > ${UTC_NOW} AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = l.image_id AND v.annotator_id = l.annotator_id)
       ORDER BY l.created_at, l.image_id`,
      [projectId, userId],
    );
    await client.query("SELECT count(*) FROM votes WHERE project_id = $1 AND annotator_id = $2", [
      projectId,
      userId,
    ]);
    const level = (
      await client.query<{ level: number | null }>(
        "SELECT min(vote_count) AS level FROM images WHERE project_id = $1",
        [projectId],
      )
    ).rows[0]?.level;
    if (level == null) return null;
    const eligible = `i.project_id = $1 AND i.vote_count = $2 AND i.id <> ALL($3::int[])
      AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = $4)
      AND i.vote_count + (SELECT count(*) FROM task_leases l WHERE l.image_id = i.id AND l.expires_at > ${UTC_NOW}) < $5`;
    const candidates = await client.query<{ id: number }>(
      `WITH bounds AS (SELECT min(id) AS lo, max(id) AS hi FROM images WHERE project_id = $1 AND vote_count = $2),
       pivot AS (SELECT lo + floor(random() * (hi - lo + 1))::int AS id FROM bounds)
       (SELECT i.id FROM images i WHERE ${eligible} AND i.id >= (SELECT id FROM pivot) ORDER BY i.id LIMIT 8)
       UNION ALL
       (SELECT i.id FROM images i WHERE ${eligible} AND i.id < (SELECT id FROM pivot) ORDER BY i.id LIMIT 8)`,
      [projectId, level, [], userId, 3],
    );
    const ids = candidates.rows
      .slice(0, 8)
      .map((row) => row.id)
      .sort(() => Math.random() - 0.5);
    if (ids.length === 0) return null;
    const leased = await client.query<{ leased_image_id: number | null }>(
      "SELECT * FROM chorus_lease_first($1, $2, $3::int[], $4, $5, $6)",
      [projectId, userId, ids, 3, 120, false],
    );
    return leased.rows[0]?.leased_image_id ?? null;
  } finally {
    client.release();
  }
}

async function vote(
  pool: pg.Pool,
  token: string,
  userId: string,
  projectId: number,
  imageId: number,
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await authenticate(client, token, userId, projectId);
    const key = randomUUID();
    const inserted = await client.query(
      `WITH inserted AS (
         INSERT INTO votes (project_id, image_id, annotator_id, label, duration_ms, source, idempotency_key, created_at)
         SELECT $1, i.id, $3, $4, $5, 'chorus', $6, ${UTC_NOW} FROM images i WHERE i.id = $2 AND i.project_id = $1
         ON CONFLICT DO NOTHING
         RETURNING id, image_id, label, duration_ms, created_at
       ), released AS (
         DELETE FROM task_leases WHERE image_id = $2 AND annotator_id = $3 AND EXISTS (SELECT 1 FROM inserted)
       ) SELECT * FROM inserted`,
      [projectId, imageId, userId, Math.floor(Math.random() * 10), 900, key],
    );
    return (inserted.rowCount ?? 0) > 0;
  } finally {
    client.release();
  }
}

/** `annotators` loops of next-task + vote statements for `seconds`, over a pool of `poolSize`. */
export async function rawCycle(input: {
  url: string;
  projectId: number;
  annotators: number;
  seconds: number;
  poolSize: number;
}) {
  const pool = new pg.Pool({ connectionString: input.url, max: input.poolSize });
  const people: { id: string; token: string }[] = [];
  for (let i = 0; i < input.annotators; i++) {
    const id = randomUUID();
    const token = randomUUID().replace(/-/g, "");
    await pool.query("INSERT INTO users (id, name, email, role) VALUES ($1, $2, $3, 'annotator')", [
      id,
      `raw ${i}`,
      `${id}@raw.invalid`,
    ]);
    await pool.query(
      `INSERT INTO sessions (id, token, user_id, expires_at) VALUES ($1, $2, $3, ${UTC_NOW} + interval '1 day')`,
      [randomUUID(), token, id],
    );
    await pool.query("INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'annotator')", [
      input.projectId,
      id,
    ]);
    people.push({ id, token });
  }
  const cycleMs: number[] = [];
  let votes = 0;
  const started = performance.now();
  const deadline = started + input.seconds * 1000;
  await Promise.all(
    people.map(async ({ id, token }) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const imageId = await nextTask(pool, token, id, input.projectId);
        if (imageId === null) return;
        if (await vote(pool, token, id, input.projectId, imageId)) votes++;
        cycleMs.push(performance.now() - t0);
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  await pool.end();
  return { votes, cycleMs, elapsedSeconds };
}
