// The shape of a background job: a name, a zod schema for its payload, and a handler.
// A payload that fails the schema is a permanent failure, and so is an error a handler marks
// permanent (isPermanentFailure); anything else a handler throws is retried, so handlers must be
// safe to run twice.
import type { z } from "zod";

export interface JobContext {
  /** pg-boss job id. */
  id: string;
  /** Aborted when the worker is asked to stop (SIGTERM): finish the current step and throw. */
  signal: AbortSignal;
  log(message: string): void;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  handle(payload: z.infer<S>, context: JobContext): Promise<unknown>;
  /** Queue settings (lib/jobs/queue.ts has the defaults): retries, and how long one run may take. */
  queue?: JobQueueOptions;
}

export interface JobQueueOptions {
  /** Retries after the first attempt (a bad payload is never retried). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * The longest one run may take: a run still active after this long is failed and retried. (A
   * killed worker's job is retried much sooner: its lease runs out, lib/jobs/lease.ts.)
   */
  expireInSeconds?: number;
  /** pg-boss policy; "short" keeps at most one queued job per singletonKey. */
  policy?: "standard" | "short";
}

/**
 * An error that a retry cannot fix (a project that cannot train, say): the worker fails its job at
 * once. A marker property rather than a base class, so that such errors may also be AppErrors.
 */
export interface PermanentFailure extends Error {
  readonly permanent: true;
}

/** True for errors marked permanent: their job is failed without retries. */
export function isPermanentFailure(error: unknown): error is PermanentFailure {
  return error instanceof Error && (error as Partial<PermanentFailure>).permanent === true;
}

/** Identity helper that keeps the payload type tied to the schema. */
export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}
