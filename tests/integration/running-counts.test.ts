// Running counts on images must equal the votes table after any sequence of inserts and deletes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";

describe("running vote counts", () => {
  it("equal the votes table after random sequences of votes and undos (property)", async () => {
    const project = await createProject({ name: "counts", labels: ["a", "b", "c"], targetVotes: 5 });
    await db.imageBlob.create({
      data: {
        sha256: "x".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
    });
    const images = await Promise.all(
      [0, 1, 2].map((i) =>
        db.image.create({
          data: {
            projectId: project.id,
            sha256: "x".repeat(64),
            externalName: `i${i}.png`,
            counts: [0, 0, 0],
          },
        }),
      ),
    );
    const step = fc.oneof(
      fc.record({ kind: fc.constant("vote" as const), image: fc.nat(2), label: fc.nat(2) }),
      fc.record({ kind: fc.constant("undo" as const), image: fc.nat(2), label: fc.constant(0) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        run += 1;
        for (const [i, s] of steps.entries()) {
          const image = images[s.image]!;
          if (s.kind === "vote") {
            await db.vote.create({
              data: {
                projectId: project.id,
                imageId: image.id,
                label: s.label,
                source: "import",
                externalAnnotatorId: `r${run}s${i}`,
              },
            });
          } else {
            const last = await db.vote.findFirst({ where: { imageId: image.id }, orderBy: { id: "desc" } });
            if (last) await db.vote.delete({ where: { id: last.id } });
          }
        }
        for (const image of images) {
          const row = await db.image.findUniqueOrThrow({ where: { id: image.id } });
          const grouped = await db.vote.groupBy({
            by: ["label"],
            where: { imageId: image.id },
            _count: { _all: true },
          });
          const expected = [0, 0, 0];
          for (const g of grouped) expected[g.label] = g._count._all;
          expect(row.counts).toEqual(expected);
          expect(row.voteCount).toBe(expected.reduce((a, b) => a + b, 0));
          const total = row.voteCount;
          const entropy = total
            ? -expected.filter((c) => c > 0).reduce((h, c) => h + (c / total) * Math.log(c / total), 0)
            : 0;
          expect(row.entropy).toBeCloseTo(entropy, 10);
        }
      }),
      { numRuns: 30, seed: 42 },
    );
  });

  it("rejects a label outside the image's label set and changes nothing", async () => {
    const project = await createProject({ name: "bounds", labels: ["a", "b"] });
    await db.imageBlob.upsert({
      where: { sha256: "y".repeat(64) },
      create: {
        sha256: "y".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
      update: {},
    });
    const image = await db.image.create({
      data: { projectId: project.id, sha256: "y".repeat(64), externalName: "b.png", counts: [0, 0] },
    });
    await expect(
      db.vote.create({ data: { projectId: project.id, imageId: image.id, label: 2, source: "import" } }),
    ).rejects.toThrow(/outside the label set/);
    expect(await db.vote.count({ where: { imageId: image.id } })).toBe(0);
    expect((await db.image.findUniqueOrThrow({ where: { id: image.id } })).counts).toEqual([0, 0]);
  });
});
