// Once per test run: a PostgreSQL server (DATABASE_URL's, else an embedded one) and a migrated
// template database that each test file clones (CREATE DATABASE ... TEMPLATE is fast).
import type { TestProject } from "vitest/node";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../lib/database/embedded";
import { migrate } from "../../lib/database/migrate";
import { createDatabaseIfMissing, withDatabase } from "../../lib/database/setup";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    databasePrefix: string;
  }
}

let server: EmbeddedServer | undefined;

export default async function setup(project: TestProject) {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    const port = Number(process.env.CHORUS_TEST_PG_PORT ?? 54339);
    server = await startEmbeddedPostgres({ dataDir: ".chorus/test-pgdata", port });
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
