// One error type for expected failures, and one mapping of errors to HTTP responses.
import { ZodError } from "zod";

export type AppErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  unavailable: 503,
};

/** Seconds a client should wait before retrying a 503 (the database restarting, say). */
const RETRY_AFTER_SECONDS = 5;

/** An expected failure with a code that maps to an HTTP status and a message safe to show. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field?: string;

  constructor(code: AppErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options?.field;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

// Prisma's, Node's and PostgreSQL's codes for "the database cannot be reached right now"
// (SQLSTATE class 08 is matched separately).
const CONNECTION_CODES = new Set([
  "P1001",
  "P1002",
  "P1017",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P03",
]);

/** PostgreSQL's SQLSTATE of a failed statement, from Prisma (pg adapter) or node-postgres. */
function sqlStateOf(error: object): {
  code: unknown;
  cause: { originalCode?: string; kind?: string };
  sqlState: string | undefined;
} {
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  const cause = (meta?.driverAdapterError?.cause ?? {}) as { originalCode?: string; kind?: string };
  return { code, cause, sqlState: cause.originalCode ?? (typeof code === "string" ? code : undefined) };
}

/**
 * A deadlock or serialization failure: PostgreSQL rolled the statement back and running it again is
 * safe and usually succeeds (concurrent retries of one vote can deadlock on its two unique indexes).
 */
export function isTransientConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { sqlState } = sqlStateOf(error);
  return sqlState === "40P01" || sqlState === "40001";
}

/**
 * Runs `run` again after a transient conflict (above), up to `attempts` times in all, with a random
 * pause that grows with each attempt so racers do not collide again in step; `run` must be safe to
 * repeat from the top. Any other error, or the last attempt's, is thrown.
 */
export async function retryTransientConflicts<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * The AppError for a database failure that the caller caused or that is passing, or null. Prisma
 * (over the pg adapter) reports PostgreSQL's SQLSTATE in meta.driverAdapterError; node-postgres
 * (export streams) as error.code. This is the one place these are recognised, so a unique
 * violation, a NUL byte or an out-of-range id is a 4xx and an outage a 503 on every route.
 */
function databaseError(error: unknown): AppError | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, cause, sqlState } = sqlStateOf(error);
  if (sqlState === "40P01" || sqlState === "40001")
    return new AppError("unavailable", "a concurrent request got in the way; try again", { cause: error });
  if (code === "P2002" || sqlState === "23505")
    return new AppError("conflict", "a record with these values already exists", { cause: error });
  if (code === "P2025") return new AppError("not_found", "not found", { cause: error });
  if (sqlState === "22021" || sqlState === "22P05")
    return new AppError("bad_request", "text may not contain NUL bytes", { cause: error });
  if (sqlState === "22003") return new AppError("bad_request", "a number is out of range", { cause: error });
  if (
    cause.kind === "DatabaseNotReachable" ||
    cause.kind === "ConnectionClosed" ||
    (typeof code === "string" && CONNECTION_CODES.has(code)) ||
    (sqlState !== undefined && (sqlState.startsWith("08") || CONNECTION_CODES.has(sqlState)))
  ) {
    return new AppError("unavailable", "the database is unavailable; try again shortly", { cause: error });
  }
  return null;
}

/**
 * Maps any thrown value to an HTTP status, a JSON body and headers (Retry-After on a 503);
 * unexpected errors are logged, not shown.
 */
export function toHttpError(error: unknown): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  const mapped = error instanceof AppError ? error : databaseError(error);
  if (mapped && mapped !== error) {
    if (mapped.code === "unavailable") console.error(error);
    error = mapped;
  }
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return { status: 400, body: { error: { code: "bad_request", message, fields } } };
  }
  if (error instanceof AppError) {
    const fields = error.field ? [{ path: error.field, message: error.message }] : undefined;
    const body = { error: { code: error.code, message: error.message, fields } };
    if (error.code === "unavailable") {
      return { status: error.status, body, headers: { "retry-after": String(RETRY_AFTER_SECONDS) } };
    }
    return { status: error.status, body };
  }
  console.error(error);
  return { status: 500, body: { error: { code: "internal", message: "Internal server error" } } };
}
