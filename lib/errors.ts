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
  | "unprocessable";

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
};

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

/** Maps any thrown value to an HTTP status and a JSON body; unexpected errors are logged, not shown. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return { status: 400, body: { error: { code: "bad_request", message, fields } } };
  }
  if (error instanceof AppError) {
    const fields = error.field ? [{ path: error.field, message: error.message }] : undefined;
    return { status: error.status, body: { error: { code: error.code, message: error.message, fields } } };
  }
  console.error(error);
  return { status: 500, body: { error: { code: "internal", message: "Internal server error" } } };
}
