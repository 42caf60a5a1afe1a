// /api/auth/* - better-auth: sign-in/email, sign-out, get-session, join (invite links).
import { NextResponse } from "next/server";
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { assertSameOrigin } from "@/lib/auth/origin";
import { toHttpError } from "@/lib/errors";

// The auth instance is built on first request (DATABASE_URL is set up by the launcher, not at import).
const handlers = toNextJsHandler((request: Request) => getAuth().handler(request));

export const { GET } = handlers;

// POST - sign-in, join and sign-out set or clear the session cookie, so they obey the same
// cross-site rule as every other route (lib/auth/origin.ts) before better-auth sees them.
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
  } catch (error) {
    const { status, body } = toHttpError(error);
    return NextResponse.json(body, { status });
  }
  return handlers.POST(request);
}
