// The address a request came from. Next.js route handlers never see the socket, and `next start`
// keeps a client's own X-Forwarded-For (it only fills the header in when missing), so without a
// proxy we know of, the header is whatever the client chose to send: it is ignored.
import { env } from "../env";

/**
 * The client's address: with CHORUS_TRUST_PROXY = n proxies in front, the n-th entry of
 * X-Forwarded-For from the right (what the outermost proxy saw; entries further left are the
 * client's own claims). Null when no proxy is trusted or the header has fewer entries.
 */
export function clientAddress(headers: Headers): string | null {
  const hops = env().CHORUS_TRUST_PROXY;
  if (hops === 0) return null;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[entries.length - hops]?.toLowerCase() ?? null;
}
