// Crash recovery for training and pretraining runs. A run killed with -9 (worker, `chorus train` or
// `chorus pretrain`) leaves its model_versions (encoder_versions) row in `training` and, for a worker,
// its pg-boss job `active`. The reaper finds
// rows whose heartbeat (heartbeat.ts; created_at before the first beat) is older than the
// staleness, marks them failed (never published: publishing needs status `training`), and fails
// their job through pg-boss when that attempt is still `active`, so the job goes to `retry` under
// its queue's retry policy instead of waiting hours for its expiry.
import { failActiveAttempt } from "../jobs/inspect";
import { restoreRetryExpiries } from "../jobs/lease";
import { getBoss } from "../jobs/queue";
import { localRuns, staleSeconds, type RunRef } from "./heartbeat";
import { failSilentRuns } from "./sql";

export interface ReapedRun {
  kind: RunRef["kind"];
  /** The model_versions (kind model) or encoder_versions (kind encoder) row. */
  id: number;
  jobId: string | null;
  /** The run's last sign of life (heartbeat, else creation). */
  lastSeen: Date;
  /** True when its pg-boss job was still active and has been failed (retried per its policy). */
  jobFailed: boolean;
}

/** Fails every `training` run (models, then encoders) silent for longer than `staleSeconds`; returns what it reaped. */
export async function reapStaleRuns(
  options: { staleSeconds?: number; log?: (line: string) => void } = {},
): Promise<ReapedRun[]> {
  const stale = options.staleSeconds ?? staleSeconds();
  const reaped: ReapedRun[] = [];
  for (const kind of ["model", "encoder"] as const) {
    // One UPDATE: two reapers racing for a row cannot both take it.
    const rows = await failSilentRuns(kind, stale, localRuns(kind));
    for (const row of rows) {
      const jobFailed = row.job_id ? await failDeadAttempt(row.job_id, row.last_seen, stale) : false;
      options.log?.(
        `[reaper] ${kind} ${row.id} failed: no heartbeat since ${row.last_seen.toISOString()}` +
          (row.job_id
            ? `; job ${row.job_id.slice(0, 8)} ${jobFailed ? "failed for retry" : "not active"}`
            : ""),
      );
      reaped.push({ kind, id: row.id, jobId: row.job_id, lastSeen: row.last_seen, jobFailed });
    }
  }
  return reaped;
}

/**
 * Fails the job's current attempt when it is the one that ran the dead run: still `active` and
 * started before the run's last sign of life. A later attempt (started after it) is alive and left alone.
 */
function failDeadAttempt(jobId: string, lastSeen: Date, stale: number): Promise<boolean> {
  return failActiveAttempt(
    jobId,
    lastSeen,
    `worker died: no heartbeat since ${lastSeen.toISOString()} (stale after ${stale} s)`,
  );
}

/**
 * Runs the reaper now and then every `everySeconds` (default: the staleness, at most 30 s) until
 * stop(). The worker runs it, so runs of any process (worker or CLI) are recovered.
 */
export function startReaper(options: { log: (line: string) => void; everySeconds?: number }): {
  stop(): void;
  /** The first pass (tests and start-up logs wait for it). */
  first: Promise<void>;
} {
  const stale = staleSeconds();
  const every = options.everySeconds ?? Math.min(30, stale);
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running
      .then(() => reapStaleRuns({ staleSeconds: stale, log: options.log }))
      .then(async () => restoreRetryExpiries(await getBoss()))
      .then(
        () => undefined,
        (error: unknown) =>
          options.log(`[reaper] failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    return running;
  };
  const first = pass();
  const timer = setInterval(() => void pass(), every * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), first };
}
