// Restart delays for crashed child processes (bin/start.ts, bin/web-server.ts): doubling from
// 1 s up to 30 s while a child keeps dying soon after its start, back to 1 s once one ran a minute.

const FIRST_MS = 1_000;
const MAX_MS = 30_000;
// A child that ran this long counts as healthy: its next crash starts the backoff over.
const HEALTHY_MS = 60_000;

/** Exponential backoff for one supervised child. */
export class Backoff {
  private delayMs = FIRST_MS;

  /** The delay before the next restart, given how long the child ran before it died. */
  next(ranMs: number): number {
    if (ranMs >= HEALTHY_MS) this.delayMs = FIRST_MS;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_MS);
    return delay;
  }
}
