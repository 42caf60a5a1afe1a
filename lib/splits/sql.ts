// The splits domain's raw SQL, one home (docs/architecture.md, "Data layer"): each statement says
// why Prisma's query API cannot say it.
import { db } from "../db";
import type { SplitName } from "./assign";

// Raw: one int[] parameter (ANY) rather than Prisma's IN list: a project can hold more ids than a
// statement's parameter limit. `onlyUnset` leaves images that already have a split alone.
/** Sets the split of the images `ids`; how many rows changed. */
export function updateSplit(split: SplitName, ids: number[], onlyUnset: boolean): Promise<number> {
  return onlyUnset
    ? db.$executeRaw`UPDATE images SET split = ${split}::"Split" WHERE id = ANY(${ids}::int[]) AND split IS NULL`
    : db.$executeRaw`UPDATE images SET split = ${split}::"Split"
          WHERE id = ANY(${ids}::int[]) AND split IS DISTINCT FROM ${split}::"Split"`;
}
