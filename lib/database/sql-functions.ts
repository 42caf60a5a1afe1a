// Applies prisma/sql: one file per SQL function (with its trigger) that Chorus relies on, each holding
// the CURRENT definition and safe to re-run (CREATE OR REPLACE). prisma/migrations keeps the history
// of how the schema got here; these files are the one home of each definition, so a function is read
// and changed in one place (docs/architecture.md, "Invariants" and "Migrations").
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { inLockedTransaction } from "./migration-lock";

export const SQL_DIR = path.resolve(process.cwd(), "prisma", "sql");

export interface SqlFile {
  name: string;
  sql: string;
}

/** The *.sql files of `dir` in name order: a file's two-digit prefix puts it after the functions it calls. */
export async function readSqlFiles(dir = SQL_DIR): Promise<SqlFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  return Promise.all(
    names.map(async (name) => ({ name, sql: await readFile(path.join(dir, name), "utf8") })),
  );
}

/**
 * sha256 of the files (names and contents, in order) and of the migrations they were applied after.
 * A new migration changes it too, so a migration that redefines a function (as history) is followed
 * by the file's definition again, once.
 */
export function sqlSetChecksum(files: readonly SqlFile[], migrationNames: readonly string[]): string {
  const hash = createHash("sha256");
  for (const name of migrationNames) hash.update(`migration\0${name}\0`);
  for (const file of files) hash.update(`file\0${file.name}\0${file.sql}\0`);
  return hash.digest("hex");
}

// The checksum of the applied set is the body of a function of its own. Prisma ignores functions, so
// its drift check (`migrate dev`, `migrate diff`) sees nothing it does not know, as it would see a
// bookkeeping table; and creating a function needs no privilege the files do not already need (a
// comment on the schema would need its ownership).
const CHECKSUM_FUNCTION = "chorus_sql_checksum";

/**
 * Applies `files` in one transaction under the migrations' advisory lock, unless the database
 * already records `checksum`; returns whether it applied them. All or nothing: a failing file leaves
 * every definition as it was. Concurrent callers apply the set once: the others find the checksum
 * once they get the lock.
 */
export async function applySqlFiles(
  client: pg.ClientBase,
  files: readonly SqlFile[],
  checksum: string,
): Promise<boolean> {
  return inLockedTransaction(client, async () => {
    if ((await appliedChecksum(client)) === checksum) return false;
    for (const file of files) {
      try {
        await client.query(file.sql);
      } catch (error) {
        throw new Error(`prisma/sql/${file.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    await client.query(
      `CREATE OR REPLACE FUNCTION ${CHECKSUM_FUNCTION}() RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT '${checksum}'::text $$`,
    );
    return true;
  });
}

/** The checksum of the set last applied to the database, or null if none was. */
export async function appliedChecksum(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ present: boolean }>(
    `SELECT to_regprocedure('${CHECKSUM_FUNCTION}()') IS NOT NULL AS present`,
  );
  if (!rows[0]?.present) return null;
  const applied = await client.query<{ checksum: string }>(`SELECT ${CHECKSUM_FUNCTION}() AS checksum`);
  return applied.rows[0]?.checksum ?? null;
}
