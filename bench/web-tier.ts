// The multi-process web tier (bin/web-server.ts) as bench/votes.ts measures it: a production build,
// its own database, a free port, and a stop that ends the whole process group.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort } from "../tests/helpers/app-server";
import { processTree } from "./proc-cpu";

/** bin/web-server.ts with `processes` web processes on a free port, serving the build in `distDir`. */
export async function startWebTier(databaseUrl: string, distDir: string, processes: number) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bin/web-server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      CHORUS_WEB_PROCESSES: String(processes),
      BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
      NEXT_DIST_DIR: distDir,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped || child.pid === undefined) return;
    stopped = true;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  };
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const up = await fetch(`${url}/api/auth/ok`).then(
      (r) => r.status < 500,
      () => false,
    );
    // Every process must be up before measuring: ask a few times, each connection lands on one.
    if (up && processTree(child.pid!).length > processes) return { url, pid: child.pid!, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error("the web tier did not come up");
}
