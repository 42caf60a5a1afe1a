// Runs registered jobs from the queue. A payload that fails its schema, or an error the handler
// marks permanent (job.ts isPermanentFailure), fails the job at once; anything else is retried. stop() (SIGTERM) stops fetching,
// aborts the job in hand through JobContext.signal and releases it for a retry.
import type PgBoss from "pg-boss";
import { isPermanentFailure, type JobDefinition } from "./job";
import { holdLease, restoreExpiry } from "./lease";
import { ensureQueue, getBoss, preventRetry, QUEUE_DEFAULTS, stopBoss } from "./queue";

export interface RunningWorker {
  /** Stops taking jobs, aborts running ones (they are failed so pg-boss retries them) and closes the queue. */
  stop(reason?: string): Promise<void>;
  /** Jobs being handled now, by id. */
  active(): string[];
}

export interface WorkerOptions {
  log?: (line: string) => void;
  /** How often an idle worker polls for jobs (pg-boss default 2 s). */
  pollingIntervalSeconds?: number;
  /** How long stop() waits for aborted jobs to finish their current step. */
  stopTimeoutMs?: number;
  /**
   * Seconds a job may go without a lease renewal before pg-boss counts its worker as dead (kill -9)
   * and retries it (lease.ts). Unset: only the queue's expiry applies.
   */
  leaseSeconds?: number;
}

/** Thrown into a handler's signal when the worker stops or a run outlives its queue's expiry. */
export class JobAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AbortError";
  }
}

/** Starts fetching every job in `jobs`; resolves once all queues are being worked. */
export async function startWorker(
  jobs: JobDefinition[],
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = await getBoss({ supervise: true });
  const running = new Map<string, AbortController>();
  let stopping = false;

  for (const job of jobs) {
    await ensureQueue(job.name, job.queue, true);
    await boss.work<unknown>(
      job.name,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true },
      async ([pgJob]) => {
        if (!pgJob) return undefined;
        // With leases the job row's expire_in is the lease (a retry inherits the last one), so the
        // longest a run may take is its queue's expiry. Without: the row's (pg returns EXTRACT(epoch
        // ...) as a numeric string).
        const expireIn = options.leaseSeconds
          ? (job.queue?.expireInSeconds ?? QUEUE_DEFAULTS.expireInSeconds)
          : Number(pgJob.expireInSeconds) || QUEUE_DEFAULTS.expireInSeconds;
        return runOne(boss, job, pgJob, expireIn);
      },
    );
  }
  log(`[worker] working ${jobs.map((j) => j.name).join(", ")}`);

  async function runOne(
    boss: PgBoss,
    job: JobDefinition,
    pgJob: PgBoss.JobWithMetadata<unknown>,
    expireIn: number,
  ) {
    const prefix = `[${job.name} ${pgJob.id.slice(0, 8)}]`;
    const parsed = job.schema.safeParse(pgJob.data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`,
      );
      const message = `invalid payload: ${fields.join("; ")}`;
      log(`${prefix} ${message} (failed permanently)`);
      await preventRetry(boss, job.name, pgJob.id);
      throw new Error(message);
    }
    const controller = new AbortController();
    running.set(pgJob.id, controller);
    // pg-boss fails a job that outlives expireInSeconds and retries it elsewhere, without stopping
    // this run; abort slightly earlier so two copies never train at once.
    const expiry = setTimeout(
      () => controller.abort(new JobAbortedError(`run exceeded ${expireIn} s`)),
      Math.max(1, expireIn - 10) * 1000,
    );
    let leaseLost = false;
    const lease = options.leaseSeconds
      ? holdLease(
          boss,
          { name: job.name, id: pgJob.id, maxSeconds: expireIn },
          {
            leaseSeconds: options.leaseSeconds,
            log: (line) => log(`${prefix} ${line}`),
            onLost: (reason) => {
              leaseLost = true;
              controller.abort(new JobAbortedError(`lease lost: ${reason}`));
            },
          },
        )
      : undefined;
    const attempt = pgJob.retryCount + 1;
    log(`${prefix} started (attempt ${attempt} of ${pgJob.retryLimit + 1})`);
    try {
      const context = {
        id: pgJob.id,
        signal: controller.signal,
        log: (line: string) => log(`${prefix} ${line}`),
      };
      const result = await job.handle(parsed.data, context);
      log(`${prefix} done`);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // No renewal may land after the expiry is restored for the retry (below).
      await lease?.stop();
      if (leaseLost) {
        // The job was failed (or expired) elsewhere and may be running again: leave it alone.
        log(`${prefix} stopped: ${message}`);
      } else if (controller.signal.aborted) {
        log(`${prefix} stopped: ${message}; released for retry`);
        // Fail now (pg-boss would too, without awaiting) so the release is written before shutdown.
        await restoreExpiry(boss, pgJob.id);
        await boss.fail(job.name, pgJob.id, { message: `released: ${message}` });
      } else if (isPermanentFailure(error)) {
        log(`${prefix} failed: ${message} (failed permanently: a retry cannot fix it)`);
        await preventRetry(boss, job.name, pgJob.id);
      } else {
        log(`${prefix} failed: ${message}`);
        // pg-boss fails it for a retry when this throws: the retry gets the queue's full expiry.
        await restoreExpiry(boss, pgJob.id);
      }
      throw error;
    } finally {
      await lease?.stop();
      clearTimeout(expiry);
      running.delete(pgJob.id);
    }
  }

  return {
    active: () => [...running.keys()],
    async stop(reason = "worker stopping") {
      if (stopping) return;
      stopping = true;
      log(`[worker] ${reason}: no new jobs; aborting ${running.size} running`);
      for (const controller of running.values()) controller.abort(new JobAbortedError(reason));
      // Graceful: waits (up to the timeout) for handlers to unwind, then fails anything still in hand.
      await stopBoss({ graceful: true, timeoutMs: options.stopTimeoutMs ?? 60_000 });
      log("[worker] stopped");
    },
  };
}
