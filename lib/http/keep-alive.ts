// How long a web process keeps an idle keep-alive connection open: one home for `bin/web-server.ts`
// (production) and `tests/helpers/app-server.ts` (the same `next start` under test).
//
// Why not Node's default of 5 s: a client that reuses an idle connection at the moment the server
// closes it gets no response at all ("other side closed"), not even a 5xx. undici (Node's fetch)
// stops reusing a connection 1 s before the server's advertised timeout, but on a loaded 2-core
// machine its timers lag by more than that: tests/e2e/multi-process.test.ts (100 annotators, two web
// processes, a training worker) failed that way once on 2026-12-06. Load balancers have the same race
// against a server that closes first, which is why the usual advice is a server timeout above the
// balancer's idle timeout (60 s on the common ones). Idle connections cost a socket each, no thread.
/** The `next start` flag that applies it (milliseconds; 65 s). */
export const NEXT_KEEP_ALIVE_ARGS = ["--keepAliveTimeout", "65000"] as const;
