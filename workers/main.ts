// The background worker (`npm run worker`; `npm start` runs it beside the web server): works every
// job of workers/registry.ts from the pg-boss queue in PostgreSQL. SIGTERM/SIGINT stop taking
// jobs, abort the running one after its current step (training: the current batch) and release it
// for a retry, then exit 0. After kill -9 (no handler runs) recovery is by heartbeat: every job
// holds a lease that pg-boss expires after CHORUS_WORKER_STALE_SECONDS without renewal, and the
// reaper (at start, then every min(30 s, staleness)) fails training runs whose heartbeat went stale
// and sends their job to retry. CHORUS_WORKER_QUEUES limits the queues this worker serves, so
// several workers can split the work (docs/deployment.md). See docs/worker.md.
import { setupDatabase } from "../lib/database/setup";
import { disconnectDb } from "../lib/db";
import { env } from "../lib/env";
import { startWorker } from "../lib/jobs/worker";
import { startReaper } from "../lib/model-store/reaper";
import { loadModelLib } from "../lib/model-store/ml";
import { selectJobs } from "./registry";

function log(line: string) {
  console.log(`${new Date().toISOString()} ${line}`);
}

async function main() {
  // Signals are handled below: the job in hand is released before the database goes away.
  const database = await setupDatabase({ log, handleSignals: false });
  // Choose the tfjs backend now so the log says at start which one training will use.
  const backend = await (await loadModelLib()).initBackend();
  log(`[worker] tfjs backend: ${backend}`);
  // 10 s to unwind: `npm start` sends SIGKILL 15 s after SIGTERM.
  const staleSeconds = env().CHORUS_WORKER_STALE_SECONDS;
  const jobs = selectJobs(env().CHORUS_WORKER_QUEUES);
  const worker = await startWorker(jobs, { log, stopTimeoutMs: 10_000, leaseSeconds: staleSeconds });
  const reaper = startReaper({ log });
  log(`[worker] runs and jobs silent for ${staleSeconds} s count as dead`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    reaper.stop();
    worker
      .stop(`${signal} received`)
      .then(() => disconnectDb())
      .then(() => database.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
