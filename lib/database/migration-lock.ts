// The one lock every schema change of Chorus takes: the migrations (lib/database/migrate.ts) and the
// SQL functions and triggers of prisma/sql (lib/database/sql-functions.ts), so that processes
// starting together (web processes, workers, tests) apply each change once and never side by side.
import type pg from "pg";

// Any constant works; it only serialises concurrent migrators (web server, worker, tests).
const ADVISORY_LOCK_KEY = 72707369;

/**
 * Runs `work` in a transaction holding the migrations' advisory lock; commits, or rolls back and
 * rethrows. A transaction-level lock (not a session lock) keeps this correct behind PgBouncer in
 * transaction mode, where consecutive statements outside a transaction may run on different server
 * connections.
 */
export async function inLockedTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
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
