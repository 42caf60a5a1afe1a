// Sign-in rate limits (better-auth plugin): password guessing is limited per account, whatever
// address it comes from, and per client address, whatever accounts it tries. Both counts live in
// the database (lib/auth/rate-limit.ts), so they hold across web processes and restarts.
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { clientAddress } from "./client-address";
import { hitRateLimit, pruneRateLimits, type RateLimitRule } from "./rate-limit";

/** Attempts on one account (email): a person mistyping gets 10 tries per quarter hour. */
export const ACCOUNT_RULE: RateLimitRule = { windowSeconds: 15 * 60, max: 10 };
/**
 * Attempts from one client address, over all accounts. Counted only behind a trusted proxy
 * (CHORUS_TRUST_PROXY): otherwise addresses cannot be told apart, and one bucket shared by every
 * client would let anyone lock all researchers out with 30 requests (docs/security.md).
 */
export const ADDRESS_RULE: RateLimitRule = { windowSeconds: 5 * 60, max: 30 };

const SIGN_IN_PATHS = new Set(["/sign-in/email"]);

/** Counts one sign-in attempt; throws 429 with Retry-After when the account or address is over its limit. */
export async function limitSignIn(headers: Headers, email: unknown): Promise<void> {
  const account = typeof email === "string" ? email.trim().toLowerCase() : "";
  const address = clientAddress(headers);
  const results = await Promise.all([
    hitRateLimit(`sign-in:account:${account}`, ACCOUNT_RULE),
    ...(address ? [hitRateLimit(`sign-in:address:${address}`, ADDRESS_RULE)] : []),
  ]);
  // Keys of addresses and mistyped emails pile up; an occasional sweep keeps the table small.
  if (Math.random() < 0.01) void pruneRateLimits().catch(() => undefined);
  const refused = results.filter((result) => !result.allowed);
  if (refused.length === 0) return;
  const retryAfter = Math.max(...refused.map((result) => result.retryAfterSeconds));
  throw new APIError(
    "TOO_MANY_REQUESTS",
    { code: "too_many_requests", message: `too many sign-in attempts; try again in ${retryAfter} s` },
    { "Retry-After": String(retryAfter) },
  );
}

/** The plugin: limitSignIn before better-auth checks any password. */
export function signInLimitPlugin() {
  return {
    id: "chorus-sign-in-limit",
    hooks: {
      before: [
        {
          matcher: (context) => SIGN_IN_PATHS.has(context.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as { email?: unknown } | undefined;
            await limitSignIn(ctx.headers ?? new Headers(), body?.email);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
