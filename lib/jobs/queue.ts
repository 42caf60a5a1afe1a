// The job queue: pg-boss 10 on the application's PostgreSQL (it keeps its tables in the `pgboss`
// schema). One PgBoss instance per process: web and CLI processes only send; the worker process
// (workers/main.ts) also fetches, supervises expiry and retries.
import PgBoss from "pg-boss";
import { databaseUrl } from "../env";
import { retryTransientConflicts } from "../errors";
import type { JobQueueOptions } from "./job";

export type { JobQueueOptions };

/** Defaults for every queue; a job definition's `queue` options override them. */
export const QUEUE_DEFAULTS: Required<JobQueueOptions> = {
  retryLimit: 3,
  retryDelaySeconds: 5,
  expireInSeconds: 15 * 60,
  policy: "standard",
};

export interface EnqueueOptions {
  /** With a "short" queue: at most one queued (not yet started) job per key. */
  singletonKey?: string;
  startAfterSeconds?: number;
  /** Overrides the queue's expiry for this job (tests use a short one to exercise kill -9). */
  expireInSeconds?: number;
  /** Options of the queue, used when the queue does not exist yet. */
  queue?: JobQueueOptions;
}

interface BossHandle {
  url: string;
  boss: Promise<PgBoss>;
  supervise: boolean;
  queues: Set<string>;
}

// Kept on globalThis so Next's hot reload reuses the instance; keyed by URL like lib/db.ts so a test
// file that points DATABASE_URL at its own database never talks to another file's queue.
const globalForBoss = globalThis as unknown as { chorusBoss?: BossHandle };

/**
 * The process's PgBoss, started on first use. `supervise` (the worker) also runs maintenance: expiry
 * of jobs whose process died (kill -9), retries and archiving; senders leave that to the worker.
 */
export function getBoss(options: { supervise?: boolean } = {}): Promise<PgBoss> {
  const url = databaseUrl();
  const current = globalForBoss.chorusBoss;
  if (current?.url === url) return current.boss;
  const supervise = options.supervise ?? false;
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    supervise,
    schedule: false,
    // The worker checks for expired jobs every 30 s so a killed run is retried soon after it expires.
    maintenanceIntervalSeconds: 30,
  });
  boss.on("error", (error) => console.error(`[queue] ${error.message}`));
  const handle: BossHandle = { url, supervise, queues: new Set(), boss: boss.start() };
  handle.boss.catch(() => {
    if (globalForBoss.chorusBoss === handle) globalForBoss.chorusBoss = undefined;
  });
  globalForBoss.chorusBoss = handle;
  return handle.boss;
}

/** Stops this process's PgBoss (CLI commands and tests call it before exiting). */
export async function stopBoss(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const current = globalForBoss.chorusBoss;
  if (!current) return;
  globalForBoss.chorusBoss = undefined;
  const boss = await current.boss.catch(() => undefined);
  await boss?.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 30_000, wait: true });
}

/** pg-boss's queue options from ours. */
function toPgBossQueue(name: string, options: JobQueueOptions): PgBoss.Queue {
  const merged = { ...QUEUE_DEFAULTS, ...options };
  return {
    name,
    policy: merged.policy,
    retryLimit: merged.retryLimit,
    retryDelay: merged.retryDelaySeconds,
    expireInSeconds: merged.expireInSeconds,
  };
}

/**
 * Creates the queue `name` if missing, else brings its options up to date (the worker calls this at
 * start for every registered job, so the definitions in workers/jobs/ are what counts).
 */
export async function ensureQueue(
  name: string,
  options: JobQueueOptions = {},
  update = false,
): Promise<void> {
  const boss = await getBoss();
  const known = globalForBoss.chorusBoss?.queues;
  if (known?.has(name) && !update) return;
  const queue = toPgBossQueue(name, options);
  // Two workers starting at once on a fresh database can deadlock in pg-boss's create_queue (each
  // inserts its queue row and locks the partitioned job table; seen in the multi-process e2e test):
  // PostgreSQL rolls one back, and creating the queue again is safe (ON CONFLICT DO NOTHING).
  await retryTransientConflicts(() => boss.createQueue(name, queue));
  if (update) await boss.updateQueue(name, queue);
  known?.add(name);
}

/**
 * Sends a job. Returns its id, or null when a queued job with the same singletonKey exists
 * ("short" queues), i.e. the work is already scheduled.
 */
export async function enqueue(
  name: string,
  payload: object,
  options: EnqueueOptions = {},
): Promise<string | null> {
  await ensureQueue(name, options.queue);
  const boss = await getBoss();
  const send: PgBoss.SendOptions = {};
  if (options.singletonKey) send.singletonKey = options.singletonKey;
  if (options.startAfterSeconds) send.startAfter = options.startAfterSeconds;
  if (options.expireInSeconds) send.expireInSeconds = options.expireInSeconds;
  return boss.send(name, payload, send);
}

/** Marks a job so that its next failure is final (used for payloads that can never succeed). */
export async function preventRetry(boss: PgBoss, name: string, id: string): Promise<void> {
  // pg-boss 10 has no "fail without retry" call; lowering retry_limit to the attempts made so far
  // makes its own fail() move the job to `failed` instead of `retry` (plans.js failJobs CASE).
  await boss
    .getDb()
    .executeSql("UPDATE pgboss.job SET retry_limit = retry_count WHERE name = $1 AND id = $2::uuid", [
      name,
      id,
    ]);
}
