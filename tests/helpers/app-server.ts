/**
 * The production app for browser (e2e) tests and benchmarks: `next build` once, `next start` per
 * test file against that file's database.
 *
 *   import { startAppServer } from "../helpers/app-server";
 *   let app: AppServer;
 *   beforeAll(async () => { app = await startAppServer(); }, 900_000);
 *   afterAll(() => app?.stop());
 *   // app.url is e.g. http://127.0.0.1:41873; the server uses process.env.DATABASE_URL (the test
 *   // file's own database, set by tests/setup/file-database.ts) unless `databaseUrl` is given.
 *
 * Building: into its own folder (NEXT_DIST_DIR, default `.next-test`), reused while the sources
 * have not changed (a hash of the size and mtime of app/, lib/, next.config.js, package-lock.json,
 * tsconfig.json and prisma/schema.prisma is kept in the folder). Concurrent test files wait on a
 * lock folder instead of building twice. CHORUS_E2E_REBUILD=1 forces a build, once per vitest run (a
 * build newer than CHORUS_E2E_RUN_STARTED, set by vitest.config.mts, counts as forced already);
 * CHORUS_E2E_REUSE_BUILD=1 reuses any existing build (quick iteration on tests only).
 * Server output goes to `<distDir>/server-<port>.log` (printed when the server fails to start).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { NEXT_KEEP_ALIVE_ARGS } from "../../lib/http/keep-alive";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const SOURCES = [
  "app",
  "lib",
  "next.config.js",
  "package-lock.json",
  "tsconfig.json",
  "prisma/schema.prisma",
];

export interface AppServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Hash of the sources a build depends on (sizes and mtimes: cheap, and any edit changes it). */
function sourceHash(): string {
  const hash = createHash("sha256");
  const walk = (relative: string) => {
    const full = path.join(ROOT, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(full).sort()) walk(path.join(relative, entry));
    } else {
      hash.update(`${relative}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  SOURCES.forEach(walk);
  return hash.digest("hex");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds the app into `distDir` unless an up-to-date build is there. Returns the folder. */
export async function buildApp(distDir = process.env.NEXT_DIST_DIR_TEST ?? ".next-test"): Promise<string> {
  const stamp = path.join(ROOT, distDir, "chorus-build-hash");
  const lock = path.join(ROOT, `${distDir}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than 20 minutes belongs to a dead process.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 20 * 60_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(2000);
    }
  }
  try {
    const hash = sourceHash();
    const runStarted = Number(process.env.CHORUS_E2E_RUN_STARTED ?? Infinity);
    const fresh =
      existsSync(stamp) &&
      (process.env.CHORUS_E2E_REBUILD === "1"
        ? statSync(stamp).mtimeMs >= runStarted
        : process.env.CHORUS_E2E_REUSE_BUILD === "1" || readFileSync(stamp, "utf8") === hash);
    if (!fresh) {
      const started = Date.now();
      const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
        cwd: ROOT,
        env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0) {
        throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
      }
      // Hashed again after the build: next build may rewrite tsconfig.json (its include list).
      writeFileSync(stamp, sourceHash());
      console.log(`next build into ${distDir}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return distDir;
}

/** This process's environment without what vitest/vite add (MODE, SSR, TEST, ...), which is not the server's. */
function serverEnv(): Record<string, string | undefined> {
  const vite = new Set(["TEST", "PROD", "DEV", "BASE_URL", "MODE", "SSR", "FORCE_TTY"]);
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !vite.has(key) && !key.startsWith("VITEST")),
  );
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Builds if needed, then starts `next start` on a free port against `databaseUrl`; resolves once it answers. */
export async function startAppServer(
  options: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<AppServer> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error("startAppServer needs DATABASE_URL (set by tests/setup/file-database.ts)");
  const distDir = await buildApp();
  const port = await freePort();
  const logFile = path.join(ROOT, distDir, `server-${port}.log`);
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1", ...NEXT_KEEP_ALIVE_ARGS],
    {
      cwd: ROOT,
      env: {
        ...serverEnv(),
        ...options.env,
        DATABASE_URL: databaseUrl,
        NEXT_DIST_DIR: distDir,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", log, log],
      detached: true,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/auth/ok`);
      if (response.status < 500) return { url, port, process: child, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(300);
  }
  await stop();
  throw new Error(`next start did not come up on ${url}:\n${readFileSync(logFile, "utf8").slice(-4000)}`);
}
