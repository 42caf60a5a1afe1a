// Cross-site request forgery: the one rule for every state-changing request that is not
// authenticated by an API token. Session cookies are SameSite=Lax, which still lets a page on the
// same host and another port (same *site*) post with them; so a browser request must come from
// the app's own origin, and with a JSON body, which no HTML form and no "simple" cross-origin
// fetch can send without a CORS preflight that we never grant. Called by lib/http/route.ts (every
// route handler) and app/api/auth (better-auth's sign-in, join, sign-out).
import { env } from "../env";
import { AppError } from "../errors";
import { bearerToken } from "./api-tokens";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Media types a route accepts besides JSON (uploads take multipart/form-data). */
export type ExtraBodyType = "multipart/form-data";

/** `origin` in URL-normal form (lower case, no default port), or null when not an http(s) origin. */
function normalOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origins this app answers as: CHORUS_URL's (the public URL) and the request's own (its Host
 * header). The second matters locally, where one server is both http://localhost:3000 and
 * http://127.0.0.1:3000; an attacker's page cannot make a browser send our Host with its Origin.
 * Behind a TLS-terminating proxy the request's own scheme is http: CHORUS_URL names the public one.
 */
function ownOrigins(request: Request): (string | null)[] {
  const url = new URL(request.url);
  const host = request.headers.get("host") ?? url.host;
  const publicUrl = env().CHORUS_URL;
  return [normalOrigin(`${url.protocol}//${host}`), publicUrl ? normalOrigin(publicUrl) : null];
}

/**
 * Refuses a cross-site state-changing request (403) and a body that is not JSON (415, naming
 * `content-type`). Safe methods and API-token requests pass; so do requests with neither `Origin`
 * nor `Sec-Fetch-Site`, which browsers always send on such requests (curl and scripts do not, and
 * carry no ambient cookie a page could abuse).
 */
export function assertSameOrigin(request: Request, options: { accepts?: ExtraBodyType[] } = {}): void {
  // A page cannot make a browser attach a token without a CORS preflight we never grant, and a
  // request with one is judged by the token alone (lib/auth/guard.ts never falls back to the cookie).
  if (SAFE_METHODS.has(request.method.toUpperCase()) || bearerToken(request.headers) !== null) return;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const normal = normalOrigin(origin);
    if (!normal || !ownOrigins(request).includes(normal)) {
      throw new AppError("forbidden", `cross-site request refused: origin ${origin} is not this app`, {
        field: "origin",
      });
    }
  } else {
    const site = request.headers.get("sec-fetch-site");
    if (site !== null && site !== "same-origin") {
      throw new AppError("forbidden", `cross-site request refused (sec-fetch-site: ${site})`, {
        field: "sec-fetch-site",
      });
    }
  }
  const contentType = request.headers.get("content-type");
  if (contentType === null) return;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const accepted = ["application/json", ...(options.accepts ?? [])];
  if (!accepted.includes(mediaType)) {
    throw new AppError("unsupported_media_type", `send the body as ${accepted.join(" or ")}`, {
      field: "content-type",
    });
  }
}
