// /api/auth/* - better-auth: sign-in/email, sign-out, get-session, join (invite links).
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { readBody, MAX_JSON_BYTES } from "@/lib/http/body";
import { route } from "@/lib/http/route";

// The auth instance is built on first request (DATABASE_URL is set up by the launcher, not at import).
const handlers = toNextJsHandler((request: Request) => getAuth().handler(request));

export const GET = handlers.GET;

// POST - sign-in, join and sign-out set or clear the session cookie, so route() applies the same
// cross-site rule as every other route (lib/auth/origin.ts) before better-auth sees them. These
// routes take anonymous requests: the body is read through the one capped reader first, so that a
// 300 MB document is refused after 1 MiB instead of being parsed by better-auth.
const post = route(async (request: Request) => {
  const body = await readBody(request, MAX_JSON_BYTES);
  return handlers.POST(new Request(request, { body }));
});

export const POST = (request: Request) => post(request, undefined);
