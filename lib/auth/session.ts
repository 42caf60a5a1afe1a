// Browser sessions: better-auth's signed session cookie, looked up (session joined with its user)
// in the sessions table, and then trusted for a few seconds by this process (session-cache.ts).
import "server-only";
import type { Role } from "../generated/prisma/client";
import { getAuth } from "./auth";
import { cachedSessionUser, rememberSessionUser, sessionCacheKey } from "./session-cache";
import type { Viewer } from "./viewer";

/** The user of the session cookie in `headers`, or null (no cookie, bad signature, expired). */
export async function sessionUser(headers: Headers): Promise<Viewer | null> {
  const cookie = headers.get("cookie");
  if (!cookie || !cookie.includes("session_token")) return null;
  const key = sessionCacheKey(cookie);
  const cached = key ? cachedSessionUser(key) : undefined;
  if (cached) return cached;
  const result = await getAuth().api.getSession({ headers });
  if (!result) return null;
  const user = result.user as typeof result.user & {
    role?: Role;
    workerId?: string | null;
  };
  const viewer: Viewer = {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role ?? "annotator",
    workerId: user.workerId ?? null,
  };
  if (key) rememberSessionUser(key, viewer, new Date(result.session.expiresAt));
  return viewer;
}

/** The user id of the session cookie in `headers`, or null. */
export async function sessionUserId(headers: Headers): Promise<string | null> {
  return (await sessionUser(headers))?.id ?? null;
}
