// The auth domain's raw SQL, one home (docs/architecture.md, "Data layer"): each statement says why
// Prisma's query API cannot say it.
import { db } from "../db";

// Raw: INSERT ... ON CONFLICT DO UPDATE with a conditional window reset, in one locked statement;
// Prisma's upsert cannot reset a window conditionally (times are UTC, as Prisma stores them).
/** Counts one attempt for `key` in a window of `windowSeconds`; the hits and seconds left. */
export function upsertRateLimitHit(
  key: string,
  windowSeconds: number,
): Promise<{ hits: number; retry_after: number }[]> {
  return db.$queryRaw<{ hits: number; retry_after: number }[]>`
    INSERT INTO auth_rate_limits AS r (key, window_start, hits)
    VALUES (${key}, now() AT TIME ZONE 'UTC', 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN r.window_start <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSeconds})
                          THEN now() AT TIME ZONE 'UTC' ELSE r.window_start END,
      hits = CASE WHEN r.window_start <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSeconds})
                  THEN 1 ELSE r.hits + 1 END
    RETURNING hits,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM window_start + make_interval(secs => ${windowSeconds})
                                          - now() AT TIME ZONE 'UTC')))::int AS retry_after`;
}

// Raw: the cut-off is the database clock minus an interval, which Prisma's where cannot express.
/** Deletes windows that ended more than a day ago. */
export function deleteOldRateLimits(): Promise<number> {
  return db.$executeRaw`
    DELETE FROM auth_rate_limits WHERE window_start < (now() AT TIME ZONE 'UTC') - interval '1 day'`;
}
