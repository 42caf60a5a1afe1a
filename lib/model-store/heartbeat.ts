// Liveness of a training or pretraining run: while it runs, its model_versions (encoder_versions)
// row gets `heartbeat_at` rewritten every few seconds. A process killed with -9 (or a lost machine) stops writing it, and
// the reaper (reaper.ts) fails the row once the heartbeat is older than CHORUS_WORKER_STALE_SECONDS.
// Times come from the database clock (now()), so workers on machines with skewed clocks agree.
import { env } from "../env";
import { writeHeartbeat, type RunRef } from "./sql";

export type { RunRef };

/** Seconds without a heartbeat after which a run counts as dead. */
export function staleSeconds(): number {
  return env().CHORUS_WORKER_STALE_SECONDS;
}

/**
 * How often to beat: a quarter of the staleness, so three beats may be missed before a run is
 * reaped, and at most every 5 s, so a CLI run with the default staleness is never reaped by a
 * worker configured with a shorter one (down to 20 s).
 */
export function heartbeatIntervalMs(stale = staleSeconds()): number {
  return Math.min(5_000, Math.max(500, (stale * 1000) / 4));
}

/**
 * Writes one heartbeat. False when the row is no longer `training` (a reaper declared it dead,
 * or it finished): the caller must stop, it can never publish any more.
 */
export async function beat(run: RunRef): Promise<boolean> {
  return (await writeHeartbeat(run)) === 1;
}

// Runs beating in this process. A process is alive by definition, so its own reaper never reaps
// them, even when a long synchronous stretch delayed their beats (other processes may).
const beating: Record<RunRef["kind"], Set<number>> = { model: new Set(), encoder: new Set() };

/** Ids of the runs of `kind` this process is running now. */
export function localRuns(kind: RunRef["kind"]): number[] {
  return [...beating[kind]];
}

export interface Heartbeat {
  /** Aborts when the row was taken from this run (reaped as dead): the run must stop, it can never publish. */
  reaped: AbortSignal;
  /** The caller's signal (Ctrl-C, worker shutdown) or `reaped`, whichever aborts first: what the run obeys. */
  signal: AbortSignal;
  stop(): void;
}

/**
 * Beats now and then every heartbeatIntervalMs() until stop(). When a reaper took the row (the
 * process stalled past the staleness), `reaped` aborts so the run stops instead of running on for
 * nothing; its job is retried. Training and pretraining yield to the event loop after every batch
 * (lib/model/train.ts, pretrain.ts), which is when the timer fires.
 */
export function startHeartbeat(
  run: RunRef,
  options: { signal?: AbortSignal; log?: (line: string) => void } = {},
): Heartbeat {
  const reaped = new AbortController();
  const onLost = () => reaped.abort(new Error("run taken over: it was reaped as dead (no recent heartbeat)"));
  let stopped = false;
  let inFlight = false;
  beating[run.kind].add(run.id);
  const tick = async () => {
    if (stopped || inFlight) return;
    inFlight = true;
    try {
      const alive = await beat(run);
      if (!alive && !stopped) {
        stopped = true;
        beating[run.kind].delete(run.id);
        clearInterval(timer);
        onLost();
      }
    } catch (error) {
      // A missed beat is not fatal: the next one may succeed well before the run counts as stale.
      options.log?.(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      inFlight = false;
    }
  };
  const timer = setInterval(() => void tick(), heartbeatIntervalMs());
  timer.unref();
  void tick();
  return {
    reaped: reaped.signal,
    signal: options.signal ? AbortSignal.any([options.signal, reaped.signal]) : reaped.signal,
    stop() {
      stopped = true;
      beating[run.kind].delete(run.id);
      clearInterval(timer);
    },
  };
}
