// Thin route handlers: parse, call lib/, and map every error to one JSON shape (lib/errors).
import { NextResponse } from "next/server";
import { AppError, toHttpError } from "../errors";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so that AppError, ZodError and unexpected errors become JSON responses. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const { status, body } = toHttpError(error);
      return NextResponse.json(body, { status });
    }
  };
}

/** Parses a positive integer path parameter (e.g. a project id); anything else is a 404. */
export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("not_found", `${what} ${value} not found`);
  return id;
}
