// Brings up the database a Chorus process needs: the configured server or the embedded one, the
// application database on it, and the migrations.
import pg from "pg";
import { chorusPath, env, resetEnv } from "../env";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded";
import { migrate } from "./migrate";
import { onShutdownSignal } from "../shutdown-signal";

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates `database` on the server of `adminUrl` unless it exists. */
export async function createDatabaseIfMissing(adminUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : "";
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Uses DATABASE_URL when set (creating its database if missing), else starts the embedded server
 * and points DATABASE_URL at its `chorus` database; then applies pending migrations.
 */
export async function setupDatabase(
  options: { log?: (line: string) => void; handleSignals?: boolean } = {},
): Promise<DatabaseHandle> {
  const log = options.log ?? (() => undefined);
  const configured = env().DATABASE_URL;
  let server: EmbeddedServer | undefined;
  let url: string;
  if (configured) {
    url = configured;
    const database = decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
    if (database !== "postgres") await createDatabaseIfMissing(withDatabase(url, "postgres"), database);
  } else {
    const dataDir = chorusPath("pgdata");
    log(`starting embedded PostgreSQL (data in ${dataDir}, port ${env().CHORUS_PG_PORT})`);
    server = await startEmbeddedPostgres({ dataDir, port: env().CHORUS_PG_PORT, log });
    // A server another process started (npm start beside this CLI) is that process's to stop.
    if (options.handleSignals !== false && !server.attached) stopOnSignals(server);
    url = withDatabase(server.adminUrl, "chorus");
    await createDatabaseIfMissing(server.adminUrl, "chorus");
    process.env.DATABASE_URL = url;
    resetEnv();
  }
  const applied = await migrate(url);
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
  return { url, embedded: Boolean(server), stop: async () => server?.stop() };
}

let held = 0;

/**
 * While held, Ctrl-C and SIGTERM leave the embedded server running: the caller stops its work first
 * (a training run finishes its step and records why it stopped) and then stops the server itself.
 * Returns the release.
 */
export function holdDatabaseOnSignals(): () => void {
  held += 1;
  let released = false;
  return () => {
    if (!released) held -= 1;
    released = true;
  };
}

/** Ctrl-C or SIGTERM stops the embedded server cleanly before the process exits. */
function stopOnSignals(server: EmbeddedServer) {
  onShutdownSignal(
    (code) => void server.stop().finally(() => process.exit(code)),
    () => held > 0,
  );
}
