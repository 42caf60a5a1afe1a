// Dropout with a fresh mask every batch (Srivastava et al., JMLR 2014, "inverted" form: kept units are
// scaled by 1/(1-rate) during training so inference needs no change). tfjs's own seeded dropout layer
// draws the same mask on every call, so the masks are drawn here, from the run's seeded generator, and
// passed into the training step as plain numbers. Drawing them on the main thread also makes them
// independent of how many threads split the batch: image b gets the same mask whatever its shard.
import type { Rng } from "../random";

/** Fills `out[0 .. count)` with 0 (dropped, probability `rate`) or 1/(1-rate) (kept). */
export function fillDropoutMask(out: Float32Array, count: number, rate: number, random: Rng): void {
  if (rate < 0 || rate >= 1) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
  const kept = 1 / (1 - rate);
  for (let i = 0; i < count; i++) out[i] = random() < rate ? 0 : kept;
}
