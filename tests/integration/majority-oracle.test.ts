// The majority label SQL filters on (chorus_majority in prisma/sql/04_chorus_majority.sql: the
// gallery's label filter and the export's majority filter) and the one TypeScript computes from counts
// (lib/ambiguity `majority`) are one rule: this test holds them together, ties and no votes included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { majority } from "../../lib/ambiguity/distribution";
import { db } from "../../lib/db";

async function sqlMajority(counts: number[] | null): Promise<number | null> {
  const [row] = await db.$queryRaw<{ m: number | null }[]>`SELECT chorus_majority(${counts}::int[]) AS m`;
  return row!.m;
}

describe("chorus_majority (SQL) agrees with lib/ambiguity majority", () => {
  it("on reference vectors: a clear winner, ties to the lowest index, no votes", async () => {
    const reference: [number[], number | null][] = [
      [[0, 7, 0], 1],
      [[5], 0],
      [[1, 3, 3], 1],
      [[4, 4, 4, 4], 0],
      [[0, 0, 2, 1, 2], 2],
      // fer0000001.png: 6 neutral, 1 surprise, 1 sadness, 2 unknown of 10 votes.
      [[6, 0, 1, 1, 0, 0, 0, 0, 2, 0], 0],
      [[0, 0, 0, 0, 0, 0, 0, 0, 2, 3], 9],
      [[0, 0, 0], null],
      [[], null],
    ];
    for (const [counts, expected] of reference) {
      expect(await sqlMajority(counts), JSON.stringify(counts)).toBe(expected);
      expect(majority(counts), JSON.stringify(counts)).toBe(expected);
    }
    expect(await sqlMajority(null)).toBeNull();
  });

  it("on random count vectors, ties and all-zero vectors frequent", async () => {
    // Small counts over few labels make ties and all-zero vectors common.
    const counts = fc.oneof(
      fc.array(fc.nat(3), { minLength: 1, maxLength: 10 }),
      fc.array(fc.nat(50), { minLength: 1, maxLength: 10 }),
    );
    await fc.assert(
      fc.asyncProperty(counts, async (vector) => {
        expect(await sqlMajority(vector)).toBe(majority(vector));
      }),
      { numRuns: 200 },
    );
  });
});
