// Thin route handlers: parse, call lib/, and map every error to one JSON shape (lib/errors).
import { NextResponse } from "next/server";
import { assertSameOrigin, type ExtraBodyType } from "../auth/origin";
import { AppError, toHttpError } from "../errors";
import { rejectNulBytes } from "./body";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a route handler: refuses cross-site state-changing requests and non-JSON bodies first
 * (lib/auth/origin.ts; `accepts` adds body types such as multipart uploads), then maps AppError,
 * ZodError and unexpected errors to JSON responses.
 */
export function route<C>(handler: Handler<C>, options: { accepts?: ExtraBodyType[] } = {}): Handler<C> {
  return async (request, context) => {
    try {
      assertSameOrigin(request, options);
      // A NUL byte in a query value would reach PostgreSQL, which cannot store one.
      rejectNulBytes(new URL(request.url).searchParams);
      return await handler(request, context);
    } catch (error) {
      const { status, body, headers } = toHttpError(error);
      return NextResponse.json(body, { status, headers });
    }
  };
}

/** route() for a handler that reads multipart/form-data (uploads) besides JSON. */
export function multipartRoute<C>(handler: Handler<C>): Handler<C> {
  return route(handler, { accepts: ["multipart/form-data"] });
}

// Ids are PostgreSQL INTEGERs: plain decimal digits, 1..2^31-1. Number() would also take "0x10",
// "1e3", "+1" and " 7", and an id past 2^31-1 fails in PostgreSQL (a 500) instead of a 404.
const ID_PATTERN = /^[1-9][0-9]{0,9}$/;
const MAX_ID = 2 ** 31 - 1;

/** Parses a positive integer path parameter (e.g. a project id); anything else is a 404. */
export function idParam(value: string | undefined, what: string): number {
  const id = value !== undefined && ID_PATTERN.test(value) ? Number(value) : NaN;
  if (!(id >= 1 && id <= MAX_ID)) throw new AppError("not_found", `${what} ${value} not found`);
  return id;
}
