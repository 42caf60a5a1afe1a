// Rate limits kept in PostgreSQL: every web process counts in one table, so a limit holds however
// many processes serve the app, and a restart does not forget it.
import { deleteOldRateLimits, upsertRateLimitHit } from "./sql";

export interface RateLimitRule {
  /** Length of the fixed window, in seconds. */
  windowSeconds: number;
  /** Attempts allowed per window; the next one is refused. */
  max: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Counts one attempt for `key` under `rule` and says whether it is allowed. One statement does
 * the check and the increment (INSERT ... ON CONFLICT DO UPDATE locks the row), so concurrent
 * attempts cannot all read a stale count (upsertRateLimitHit in ./sql.ts).
 */
export async function hitRateLimit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const rows = await upsertRateLimitHit(key, rule.windowSeconds);
  const row = rows[0];
  if (!row) throw new Error(`rate limit ${key}: the upsert returned no row`);
  return { allowed: row.hits <= rule.max, retryAfterSeconds: row.retry_after };
}

/** Deletes windows that ended more than a day ago (keys of addresses and emails seen once). */
export async function pruneRateLimits(): Promise<number> {
  return deleteOldRateLimits();
}
