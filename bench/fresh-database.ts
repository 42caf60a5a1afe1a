// A fresh, migrated database for a benchmark run: on DATABASE_URL's server when set, else on an
// embedded PostgreSQL in a temp folder. Dropped (and the server stopped) by `close()`.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/database/embedded";
import { migrate } from "../lib/database/migrate";
import { createDatabaseIfMissing, withDatabase } from "../lib/database/setup";
import { resetEnv } from "../lib/env";

export interface BenchDatabase {
  url: string;
  server: "DATABASE_URL" | "embedded";
  close(): Promise<void>;
}

/** Creates `chorus_bench_<name>_<time>`, migrates it and points DATABASE_URL at it. */
export async function freshDatabase(name: string): Promise<BenchDatabase> {
  let embedded: EmbeddedServer | undefined;
  let tempDir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    tempDir = await mkdtemp(path.join(os.tmpdir(), "chorus-bench-"));
    await chmod(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pgdata"), port: 54361 });
    adminUrl = embedded.adminUrl;
  }
  const database = `chorus_bench_${name}_${Date.now()}`;
  await createDatabaseIfMissing(adminUrl, database);
  const url = withDatabase(adminUrl, database);
  await migrate(url);
  process.env.DATABASE_URL = url;
  resetEnv();
  return {
    url,
    server: embedded ? "embedded" : "DATABASE_URL",
    async close() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
      await client.end();
      await embedded?.stop();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}
