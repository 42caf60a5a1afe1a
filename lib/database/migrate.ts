// Applies prisma/migrations to a database without Prisma's native schema engine, which cannot be
// downloaded here. It keeps Prisma's own bookkeeping table (_prisma_migrations, same columns and
// sha256 checksums), so the stock `prisma migrate deploy/status` reads the result as its own.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma", "migrations");

// Same DDL as Prisma's schema engine creates (prisma-engines, sql-migration-connector).
const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only serialises concurrent migrators (web server, worker, tests).
const ADVISORY_LOCK_KEY = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Reads the migrations folder in Prisma's layout: <timestamp>_<name>/migration.sql, in name order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies pending migrations, each in its own transaction; returns the names applied.
 *
 * Every transaction first takes a transaction-level advisory lock and re-reads the bookkeeping, so
 * processes starting together (web processes, workers, tests) apply each migration exactly once.
 * A transaction-level lock (not a session lock) keeps this correct behind PgBouncer in transaction
 * mode, where consecutive statements outside a transaction may run on different server connections.
 */
export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SET client_min_messages = warning");
    const done = await inLockedTransaction(client, async () => {
      await client.query(BOOKKEEPING_DDL);
      return appliedMigrations(client);
    });
    for (const migration of migrations) {
      if (done.get(migration.name)?.finished_at) {
        if (done.get(migration.name)!.checksum !== migration.checksum) {
          console.warn(`migration ${migration.name} was modified after it was applied (checksum differs)`);
        }
        continue;
      }
      const ran = await inLockedTransaction(client, async () => {
        const previous = (await appliedMigrations(client, migration.name)).get(migration.name);
        if (previous?.finished_at) return false; // another process applied it meanwhile
        if (previous) {
          throw new Error(
            `migration ${migration.name} failed earlier and needs manual repair (see _prisma_migrations)`,
          );
        }
        await applyOne(client, migration);
        return true;
      });
      if (ran) applied.push(migration.name);
    }
  } finally {
    await client.end();
  }
  return applied;
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null };

/** Rows of _prisma_migrations not rolled back (all, or the one named), by name. */
async function appliedMigrations(client: pg.Client, name?: string): Promise<Map<string, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL AND ($1::text IS NULL OR migration_name = $1)`,
    [name ?? null],
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

/** Runs `work` in a transaction holding the migrations' advisory lock; commits, or rolls back and rethrows. */
async function inLockedTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCK_KEY]);
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** Applies one migration inside the caller's transaction, recording it as Prisma's engine would. */
async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
  } catch (error) {
    throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
