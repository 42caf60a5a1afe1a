// `npm start`: database (embedded unless DATABASE_URL), migrations, demo seed on first start, a
// production build of the web app when sources changed, then the web tier (bin/web-server.ts: one
// Next.js process per core behind PORT) and the background worker side by side. A child that
// crashes is restarted after a backoff (bin/backoff.ts), never taking the others or PostgreSQL
// down with it. Ctrl-C / SIGTERM stops the children first, then the embedded PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
// The web processes must sign cookies with one secret: lib/auth owns how it is made and kept.
import { authSecret } from "../lib/auth/secret";
import { setupDatabase } from "../lib/database/setup";
import { disconnectDb } from "../lib/db";
import { env } from "../lib/env";
import { printDemoAccess } from "../lib/demo/access";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import { Backoff } from "./backoff";
import { newestSourceTime } from "./source-times";

const log = (line: string) => console.log(`[chorus] ${line}`);
const bin = (name: string) => path.resolve("node_modules", ".bin", name);

function buildIfStale(dev: boolean) {
  if (dev) return;
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const buildId = path.join(distDir, "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built >= newestSourceTime(process.cwd())) return;
  log("building the web app (next build; the first start takes a few minutes on 2 cores)");
  const result = spawnSync(bin("next"), ["build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  const dev = process.argv.includes("--dev");
  const database = await setupDatabase({ log, handleSignals: false });
  await seedDemoIfEmpty(log);
  await disconnectDb();

  const children = new Set<ChildProcess>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    await Promise.all([...children].map((child) => stopChild(child)));
    await database.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll(0));

  const { PORT: port, HOST: host } = env();
  const url = env().CHORUS_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: authSecret(),
    CHORUS_URL: url,
  };

  const startChild = (name: string, args: string[], backoff = new Backoff()) => {
    // One node process with the tsx loader: the tsx CLI would SIGKILL a busy child on SIGTERM.
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit", env: childEnv });
    const started = Date.now();
    children.add(child);
    child.on("exit", (code, signal) => {
      children.delete(child);
      if (stopping) return;
      const delay = backoff.next(Date.now() - started);
      log(`${name} exited (${signal ?? code}); restarting in ${delay / 1000} s`);
      setTimeout(() => !stopping && startChild(name, args, backoff), delay);
    });
  };
  buildIfStale(dev);
  startChild("web server", ["bin/web-server.ts", ...(dev ? ["--dev"] : [])]);
  startChild("worker", ["workers/main.ts"]);
  log(`Chorus is running at ${url}`);
  await printDemoAccess(url, log);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
