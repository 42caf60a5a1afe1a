// The stored entropy (images.entropy, kept by SQL chorus_entropy in prisma/sql/02_chorus_entropy.sql)
// and the entropy TypeScript computes from counts (lib/ambiguity `entropy`) are one measure: this test
// holds them together. chorus_entropy is the one home of the stored column; lib/ambiguity is the oracle.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entropy } from "../../lib/ambiguity/distribution";
import { db } from "../../lib/db";

async function sqlEntropy(counts: number[]): Promise<number> {
  const [row] = await db.$queryRaw<{ h: number }[]>`SELECT chorus_entropy(${counts}::int[]) AS h`;
  return row!.h;
}

describe("chorus_entropy (SQL) agrees with lib/ambiguity entropy", () => {
  it("on reference values (nats)", async () => {
    const reference: [number[], number][] = [
      [[0, 0, 0], 0],
      [[7, 0, 0], 0],
      [[5, 5], Math.LN2],
      [[1, 1, 1, 1], Math.log(4)],
      // p = (1/2, 1/4, 1/4): H = 1.5 ln 2.
      [[2, 1, 1, 0], 1.5 * Math.LN2],
      // A FER+ row (fer0000001.png: 6 neutral, 1 surprise, 1 sadness, 2 unknown of 10 votes).
      [
        [6, 0, 1, 1, 0, 0, 0, 0, 2, 0],
        -(0.6 * Math.log(0.6) + 2 * 0.1 * Math.log(0.1) + 0.2 * Math.log(0.2)),
      ],
    ];
    for (const [counts, expected] of reference) {
      expect(await sqlEntropy(counts)).toBeCloseTo(expected, 12);
      expect(entropy(counts)).toBeCloseTo(expected, 12);
    }
  });

  it("on random count vectors, and as the images.entropy the trigger stores", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(50), { minLength: 1, maxLength: 10 }), async (counts) => {
        expect(await sqlEntropy(counts)).toBeCloseTo(entropy(counts), 12);
      }),
      { numRuns: 50 },
    );
    const project = await db.project.create({
      data: { name: "entropy", labels: ["a", "b", "c"], targetVotes: 9 },
    });
    await db.imageBlob.create({
      data: {
        sha256: "e".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
    });
    const image = await db.image.create({
      data: { projectId: project.id, sha256: "e".repeat(64), externalName: "e.png", counts: [3, 1, 0] },
    });
    expect(image.entropy).toBeCloseTo(entropy([3, 1, 0]), 12);
  });
});
