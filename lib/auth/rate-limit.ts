// Rate limits kept in PostgreSQL: every web process counts in one table, so a limit holds however
// many processes serve the app, and a restart does not forget it.
import { db } from "../db";

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
 * attempts cannot all read a stale count; raw SQL because Prisma's upsert cannot reset a window
 * conditionally. Times are UTC, as Prisma stores them.
 */
export async function hitRateLimit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const rows = await db.$queryRaw<{ hits: number; retry_after: number }[]>`
    INSERT INTO auth_rate_limits AS r (key, window_start, hits)
    VALUES (${key}, now() AT TIME ZONE 'UTC', 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN r.window_start <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${rule.windowSeconds})
                          THEN now() AT TIME ZONE 'UTC' ELSE r.window_start END,
      hits = CASE WHEN r.window_start <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${rule.windowSeconds})
                  THEN 1 ELSE r.hits + 1 END
    RETURNING hits,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM window_start + make_interval(secs => ${rule.windowSeconds})
                                          - now() AT TIME ZONE 'UTC')))::int AS retry_after`;
  const row = rows[0];
  if (!row) throw new Error(`rate limit ${key}: the upsert returned no row`);
  return { allowed: row.hits <= rule.max, retryAfterSeconds: row.retry_after };
}

/** Deletes windows that ended more than a day ago (keys of addresses and emails seen once). */
export async function pruneRateLimits(): Promise<number> {
  return db.$executeRaw`
    DELETE FROM auth_rate_limits WHERE window_start < (now() AT TIME ZONE 'UTC') - interval '1 day'`;
}
