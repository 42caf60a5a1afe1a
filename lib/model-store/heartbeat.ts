// Liveness of a training run: while it trains, the run's model_versions row gets `heartbeat_at`
// rewritten every few seconds. A process killed with -9 (or a lost machine) stops writing it, and
// the reaper (reaper.ts) fails the row once the heartbeat is older than CHORUS_WORKER_STALE_SECONDS.
// Times come from the database clock (now()), so workers on machines with skewed clocks agree.
import { env } from "../env";
import { writeHeartbeat } from "./sql";

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
export async function beat(modelId: number): Promise<boolean> {
  return (await writeHeartbeat(modelId)) === 1;
}

// Runs beating in this process. A process is alive by definition, so its own reaper never reaps
// them, even when a long synchronous stretch delayed their beats (other processes may).
const beating = new Set<number>();

/** Model ids of the runs this process is training now. */
export function localRuns(): number[] {
  return [...beating];
}

export interface Heartbeat {
  stop(): void;
}

/**
 * Beats now and then every heartbeatIntervalMs() until stop(). `onLost` runs once when the row was
 * taken from this run (reaped), so training can stop instead of running on for nothing. Training
 * yields to the event loop after every batch (lib/model/train.ts), which is when the timer fires.
 */
export function startHeartbeat(
  modelId: number,
  options: { onLost: () => void; log?: (line: string) => void },
): Heartbeat {
  let stopped = false;
  let inFlight = false;
  beating.add(modelId);
  const tick = async () => {
    if (stopped || inFlight) return;
    inFlight = true;
    try {
      const alive = await beat(modelId);
      if (!alive && !stopped) {
        stopped = true;
        beating.delete(modelId);
        clearInterval(timer);
        options.onLost();
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
    stop() {
      stopped = true;
      beating.delete(modelId);
      clearInterval(timer);
    },
  };
}
