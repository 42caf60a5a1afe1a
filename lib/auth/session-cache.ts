// A short per-process cache of verified browser sessions, keyed by the signed session cookie, so
// that a task or a vote does not pay better-auth's session and user queries on every request.
// Correct with several web processes because it is bounded in time: a sign-out, a revoked session
// or a role change made anywhere takes effect everywhere within SESSION_CACHE_TTL_MS; in the
// process that made the change it takes effect at once (forgetSessionCookie, forgetUserSessions).
import type { Viewer } from "./viewer";

/** How long a verified session is trusted without asking the database again. */
export const SESSION_CACHE_TTL_MS = 5_000;
// Bounds memory under a crowd launch (an entry is a few hundred bytes); the oldest go first.
const MAX_ENTRIES = 20_000;

interface Entry {
  user: Viewer;
  expiresAt: number;
}

// On globalThis so that Next.js development reloads keep one cache per process.
const globalForCache = globalThis as unknown as { chorusSessionCache?: Map<string, Entry> };
const cache = (globalForCache.chorusSessionCache ??= new Map<string, Entry>());

/**
 * The cache key of a Cookie header: its session-token cookies (name=signed value), or null when it
 * has none. The value is signed, so only a cookie that better-auth verified ever gets an entry.
 */
export function sessionCacheKey(cookieHeader: string): string | null {
  const tokens = cookieHeader
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair.slice(0, pair.indexOf("=")).endsWith("session_token"));
  return tokens.length > 0 ? tokens.sort().join("; ") : null;
}

/** The cached user of a session key, or undefined when absent or older than the TTL. */
export function cachedSessionUser(key: string, now = Date.now()): Viewer | undefined {
  const entry = cache.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= now) {
    cache.delete(key);
    return undefined;
  }
  return entry.user;
}

/** Remembers a verified session for the TTL, never beyond the session's own expiry. */
export function rememberSessionUser(key: string, user: Viewer, sessionExpiresAt: Date, now = Date.now()) {
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.delete(key);
  cache.set(key, { user, expiresAt: Math.min(now + SESSION_CACHE_TTL_MS, sessionExpiresAt.getTime()) });
}

/** Forgets the session of a Cookie header (sign-out through this process). */
export function forgetSessionCookie(cookieHeader: string | null): void {
  const key = cookieHeader ? sessionCacheKey(cookieHeader) : null;
  if (key) cache.delete(key);
}

/** Forgets every cached session of a user (role change made through this process). */
export function forgetUserSessions(userId: string): void {
  for (const [key, entry] of cache) if (entry.user.id === userId) cache.delete(key);
}
