// Job leases: a heartbeat for any job, kept in pg-boss's own expiry. A queue's expireInSeconds is the
// longest a run may take (train: 6 h), which is also how long pg-boss would wait before retrying the
// job of a worker killed with -9. While a handler runs, the worker instead keeps the job's
// `expire_in` at "time so far + lease" (capped at the queue's maximum), renewed every few seconds;
// once renewals stop, pg-boss's maintenance (every 30 s) expires the job and retries it per its policy.
import type PgBoss from "pg-boss";

export interface Lease {
  /** Stops renewing; resolves once a renewal in flight has landed (so nothing renews after it). */
  stop(): Promise<void>;
}

/** How often to renew: a quarter of the lease (three renewals may fail), at most every 5 s. */
export function leaseRenewalMs(leaseSeconds: number): number {
  return Math.min(5_000, Math.max(500, (leaseSeconds * 1000) / 4));
}

/**
 * Holds the lease of an active job until stop(). `onLost` runs once when this attempt is no longer
 * the job's active one (another process failed or expired it, e.g. the training reaper, and it may
 * be running again elsewhere under the same id) or renewals kept failing (database errors) for 3/4
 * of the lease: the handler should stop. A late timer (event loop busy) just renews late.
 */
export function holdLease(
  boss: PgBoss,
  job: { name: string; id: string; maxSeconds: number },
  options: { leaseSeconds: number; onLost: (reason: string) => void; log: (line: string) => void },
): Lease {
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let failingSince: number | undefined;
  // The attempt's started_on as text (microseconds intact): pg-boss reuses the job id for retries.
  let startedOn: string | undefined;
  const lost = (reason: string) => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    options.onLost(reason);
  };
  const renew = async () => {
    if (stopped || inFlight) return;
    let done!: () => void;
    inFlight = new Promise<void>((resolve) => (done = resolve));
    if (failingSince !== undefined && Date.now() - failingSince > options.leaseSeconds * 750) {
      lost(`lease renewals failing for ${Math.round((Date.now() - failingSince) / 1000)} s`);
      return;
    }
    try {
      const result = await boss.getDb().executeSql(
        `UPDATE pgboss.job
         SET expire_in = LEAST(make_interval(secs => $4::float8), (now() - started_on) + make_interval(secs => $3::float8))
         WHERE name = $1 AND id = $2::uuid AND state = 'active' AND ($5::text IS NULL OR started_on = $5::timestamptz)
         RETURNING started_on::text AS started_on`,
        [job.name, job.id, options.leaseSeconds, job.maxSeconds, startedOn ?? null],
      );
      failingSince = undefined;
      if (stopped) return;
      const row = result.rows[0] as { started_on: string } | undefined;
      if (!row) lost("this attempt is no longer active (failed or expired by another process)");
      else startedOn ??= row.started_on;
    } catch (error) {
      failingSince ??= Date.now();
      options.log(`lease renewal failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      inFlight = undefined;
      done();
    }
  };
  const timer = setInterval(() => void renew(), leaseRenewalMs(options.leaseSeconds));
  timer.unref();
  void renew();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}

/**
 * Gives an active job back its queue's full expiry, just before it is failed for a retry. pg-boss
 * times a handler out after the `expire_in` it fetched the job with, and a retry inherits the row's
 * value, which lease renewals keep at "time so far + lease": without this, a retried training run
 * was killed that many seconds after it started, attempt after attempt.
 */
export async function restoreExpiry(boss: PgBoss, jobId: string): Promise<void> {
  await boss.getDb().executeSql(
    `UPDATE pgboss.job j SET expire_in = make_interval(secs => q.expire_seconds)
     FROM pgboss.queue q
     WHERE j.id = $1::uuid AND q.name = j.name AND j.state = 'active' AND q.expire_seconds IS NOT NULL`,
    [jobId],
  );
}

/**
 * The same for jobs that pg-boss itself sent back to the queue (its maintenance expires an attempt
 * whose lease ran out: a worker killed with -9). Run by every worker's reaper pass.
 */
export async function restoreRetryExpiries(boss: PgBoss): Promise<void> {
  await boss.getDb().executeSql(
    `UPDATE pgboss.job j SET expire_in = make_interval(secs => q.expire_seconds)
     FROM pgboss.queue q
     WHERE q.name = j.name AND j.state = 'retry' AND q.expire_seconds IS NOT NULL
       AND j.expire_in < make_interval(secs => q.expire_seconds)`,
    [],
  );
}
