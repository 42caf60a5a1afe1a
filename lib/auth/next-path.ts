// Where to send the browser after sign-in (`/signin?next=...`). Only a path on this site is
// accepted: an open redirect would let a crafted link carry a freshly signed-in user to another host.

// Any origin works here: the path is resolved against it only to see whether it stays on it.
const PROBE_ORIGIN = "http://chorus.invalid";

/**
 * `next` when it is a path of this site, else `fallback`. Browsers treat `\` as `/` and drop tabs
 * and newlines, so `/\evil.example`, `/\t/evil.example` and `//evil.example` all leave the site;
 * those are refused, as is anything that resolves to another origin (percent-encoding is left
 * encoded, so `/%2F%2Fevil` stays a harmless path here).
 */
export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  // Backslashes and control characters have no business in our own paths; browsers rewrite them.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(next, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (resolved.origin !== PROBE_ORIGIN) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
