// Once per test run: a PostgreSQL server (DATABASE_URL's, else an embedded one) and a migrated
// template database that each test file clones (CREATE DATABASE ... TEMPLATE is fast).
import type { TestProject } from "vitest/node";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../lib/database/embedded";
import { migrate } from "../../lib/database/migrate";
import { createDatabaseIfMissing, withDatabase } from "../../lib/database/setup";
import { chromiumExecutable } from "../helpers/browser";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    databasePrefix: string;
  }
}

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  // Unpack the packaged Chromium (when there is no system one) before test files run in parallel.
  await chromiumExecutable();
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    // A throwaway cluster per test run (own port and folder), so that parallel runs never collide.
    // Under the system temp folder: as root, PostgreSQL runs as `postgres`, which must reach it.
    dataDir = await mkdtemp(path.join(os.tmpdir(), "chorus-test-pg-"));
    await chmod(dataDir, 0o755);
    server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pgdata"), port: await freePort() });
    adminUrl = server.adminUrl;
  }
  const templateDatabase = `chorus_tpl_${process.pid}`;
  await dropDatabases(adminUrl, `chorus_tpl_${process.pid}`);
  await createDatabaseIfMissing(adminUrl, templateDatabase);
  await migrate(withDatabase(adminUrl, templateDatabase));
  project.provide("adminUrl", adminUrl);
  project.provide("templateDatabase", templateDatabase);
  project.provide("databasePrefix", `chorus_t${process.pid}_`);

  return async () => {
    await dropDatabases(adminUrl, `chorus_t${process.pid}_%`);
    await dropDatabases(adminUrl, templateDatabase);
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}

async function dropDatabases(adminUrl: string, pattern: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [pattern],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
