// `npm run web`: one web process (Next.js) against DATABASE_URL, for deployments that run the web
// tier and the workers apart (docs/deployment.md). It applies pending migrations first: they run
// under an advisory lock (lib/database/migrate.ts), so web processes and workers starting together
// never race, and exactly one of them applies each migration. Then it runs the web tier of
// bin/web-server.ts, as `npm start` does. Build once per release with
// `npm run build`; several web processes then serve the same build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { setupDatabase } from "../lib/database/setup";
import { disconnectDb } from "../lib/db";
import { env } from "../lib/env";

const log = (line: string) => console.log(`[web] ${line}`);

async function main() {
  const { DATABASE_URL, BETTER_AUTH_SECRET, PORT, HOST } = env();
  if (!DATABASE_URL) {
    throw new Error(
      "npm run web needs DATABASE_URL (the PostgreSQL every web process and worker shares); " +
        "to run everything on this machine with an embedded database, use npm start",
    );
  }
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    throw new Error(`no production build in ${distDir}: run npm run build first`);
  }
  if (!BETTER_AUTH_SECRET) {
    log(
      "BETTER_AUTH_SECRET is unset: sessions are signed with CHORUS_HOME/auth-secret, which only web processes on this machine share",
    );
  }
  await setupDatabase({ log, handleSignals: false });
  await disconnectDb();
  // The same web tier as `npm start`: CHORUS_WEB_PROCESSES Next.js processes behind PORT, each
  // restarted after a crash (bin/web-server.ts).
  const child = spawn(process.execPath, ["--import", "tsx", "bin/web-server.ts"], {
    stdio: "inherit",
    env: process.env,
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  log(`serving on http://${HOST}:${PORT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
