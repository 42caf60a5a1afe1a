// Reads and repairs of pg-boss's own job table (`pgboss.job`). pg-boss 10 has no API to list a
// queue's jobs by a payload field, nor to fail an attempt only if it is still the one that started
// before a given time, so these few statements reach into its private table. They live here, beside
// queue.ts and lease.ts, so that a pg-boss upgrade has one folder to check; no other domain names
// `pgboss.*` (see docs/architecture.md, "Data layer").
import { db } from "../db";
import { restoreExpiry } from "./lease";
import { getBoss } from "./queue";

export type OpenJobState = "created" | "retry" | "active";

export interface OpenJob {
  id: string;
  state: OpenJobState;
  data: Record<string, unknown>;
  createdOn: Date;
}

/**
 * Jobs named `name` for project `projectId` (payload field `projectId`) that are waiting or running,
 * oldest first. Empty before pg-boss has created its schema: a page must not install the queue by
 * looking at it, so this reads through the Prisma client rather than starting pg-boss.
 */
export async function listOpenJobs(name: string, projectId: number): Promise<OpenJob[]> {
  // Raw SQL: pg-boss's table is not in the Prisma schema.
  const [check] = await db.$queryRaw<{ installed: boolean }[]>`
    SELECT to_regclass('pgboss.job') IS NOT NULL AS installed`;
  if (!check?.installed) return [];
  // Raw SQL: pg-boss's table is not in the Prisma schema, and the filter is on its JSON payload.
  const rows = await db.$queryRaw<
    { id: string; state: OpenJobState; data: Record<string, unknown>; created_on: Date }[]
  >`
    SELECT id::text, state::text AS state, data, created_on FROM pgboss.job
    WHERE name = ${name} AND state IN ('created', 'retry', 'active') AND (data->>'projectId')::int = ${projectId}
    ORDER BY created_on`;
  return rows.map((row) => ({ id: row.id, state: row.state, data: row.data, createdOn: row.created_on }));
}

/**
 * Fails job `jobId` through pg-boss (so it is retried under its queue's policy) when its current
 * attempt is still `active` and started no later than `startedBy`; a later attempt is alive and left
 * alone. True when it failed the job.
 */
export async function failActiveAttempt(jobId: string, startedBy: Date, message: string): Promise<boolean> {
  const boss = await getBoss();
  const { rows } = await boss
    .getDb()
    .executeSql(
      "SELECT name FROM pgboss.job WHERE id = $1::uuid AND state = 'active' AND started_on <= $2::timestamptz",
      [jobId, startedBy.toISOString()],
    );
  const name = (rows[0] as { name: string } | undefined)?.name;
  if (!name) return false;
  await restoreExpiry(boss, jobId);
  await boss.fail(name, jobId, { message });
  return true;
}
