// Thin route handlers: parse, call lib/, and map every error to one JSON shape (lib/errors).
import { NextResponse } from "next/server";
import { assertSameOrigin, type ExtraBodyType } from "../auth/origin";
import { AppError, toHttpError } from "../errors";

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
      return await handler(request, context);
    } catch (error) {
      const { status, body } = toHttpError(error);
      return NextResponse.json(body, { status });
    }
  };
}

/** route() for a handler that reads multipart/form-data (uploads) besides JSON. */
export function multipartRoute<C>(handler: Handler<C>): Handler<C> {
  return route(handler, { accepts: ["multipart/form-data"] });
}

/** Parses a positive integer path parameter (e.g. a project id); anything else is a 404. */
export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("not_found", `${what} ${value} not found`);
  return id;
}
