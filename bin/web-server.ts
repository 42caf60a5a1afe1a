// The web tier of `npm start`: several `next start` processes behind one port (node:cluster: the
// primary owns the listening socket and hands connections to the processes in turn), so that a
// machine's cores all serve requests. Web processes are stateless (sessions, leases and votes
// live in PostgreSQL), so the same holds across machines behind a load balancer: see
// docs/vote-path.md. A process that dies is replaced after a backoff; SIGTERM stops them all.
//   node --import tsx bin/web-server.ts [--dev]   (PORT, HOST, CHORUS_WEB_PROCESSES from lib/env)
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import path from "node:path";
import { env } from "../lib/env";
import { NEXT_KEEP_ALIVE_ARGS } from "../lib/http/keep-alive";
import { Backoff } from "./backoff";

const log = (line: string) => console.log(`[web] ${line}`);

function main() {
  const dev = process.argv.includes("--dev");
  const { PORT: port, HOST: host, CHORUS_WEB_PROCESSES: configured } = env();
  // Development: one `next dev` (it compiles on demand and watches files; several would race).
  const count = dev ? 1 : (configured ?? os.availableParallelism());
  cluster.setupPrimary({
    exec: path.resolve("node_modules", "next", "dist", "bin", "next"),
    args: [dev ? "dev" : "start", "-p", String(port), "-H", host, ...(dev ? [] : NEXT_KEEP_ALIVE_ARGS)],
  });
  let stopping = false;
  const backoff = new Backoff();
  const fork = (slot: number) => {
    const worker: Worker = cluster.fork({ CHORUS_WEB_SLOT: String(slot) });
    const started = Date.now();
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      const delay = backoff.next(Date.now() - started);
      log(`web process ${slot} exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => !stopping && fork(slot), delay);
    });
  };
  for (let slot = 0; slot < count; slot++) fork(slot);
  log(`${count} web process${count === 1 ? "" : "es"} on ${host}:${port}`);

  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    let left = workers.length;
    if (left === 0) process.exit(0);
    // Each `next start` finishes its requests in flight on SIGTERM; SIGKILL only if it hangs.
    const timer = setTimeout(() => process.exit(1), 15_000);
    for (const worker of workers) {
      worker.once("exit", () => {
        if (--left === 0) {
          clearTimeout(timer);
          process.exit(0);
        }
      });
      worker.process.kill("SIGTERM");
    }
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main();
