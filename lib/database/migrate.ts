// Applies prisma/migrations to a database without Prisma's native schema engine, which cannot be
// downloaded here. It keeps Prisma's own bookkeeping table (_prisma_migrations, same columns and
// sha256 checksums), so the stock `prisma migrate deploy/status` reads the result as its own. After
// the migrations it applies prisma/sql, the current SQL functions and triggers (sql-functions.ts).
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { inLockedTransaction } from "./migration-lock";
import { applySqlFiles, readSqlFiles, SQL_DIR, sqlSetChecksum } from "./sql-functions";

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
 * Applies pending migrations, each in its own transaction, then the SQL files of `sqlDir` (unless the
 * database already holds that exact set); returns the names of the migrations applied.
 *
 * Every transaction first takes a transaction-level advisory lock (migration-lock.ts) and re-reads
 * the bookkeeping, so processes starting together (web processes, workers, tests) apply each
 * migration, and each new set of SQL files, exactly once. A migrations folder other than the
 * project's (a test of one migration on the schema before it) gets no SQL files by default: the
 * current definitions may need columns that a later migration adds.
 */
export async function migrate(
  connectionString: string,
  dir = MIGRATIONS_DIR,
  sqlDir: string | null = dir === MIGRATIONS_DIR ? SQL_DIR : null,
): Promise<string[]> {
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
    if (sqlDir) {
      const files = await readSqlFiles(sqlDir);
      const checksum = sqlSetChecksum(
        files,
        migrations.map((m) => m.name),
      );
      await applySqlFiles(client, files, checksum);
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
