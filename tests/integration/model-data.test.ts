// loadLabeledSet against a real database: running counts split into emotion / non-emotion columns,
// pixels decoded (and resized) to 48x48 grayscale in [0, 1], seeded subsets.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadLabeledSet } from "@/lib/model-store/labeled-set";
import { FERPLUS_LABELS } from "@/lib/projects/labels";
import { createProject } from "@/lib/projects/projects";

/** A flat gray PNG of the given size and level, stored as a blob; returns its sha256. */
async function grayBlob(size: number, level: number): Promise<string> {
  const data = await sharp({
    create: { width: size, height: size, channels: 3, background: { r: level, g: level, b: level } },
  })
    .png()
    .toBuffer();
  const sha256 = createHash("sha256").update(data).digest("hex");
  await db.imageBlob.upsert({
    where: { sha256 },
    create: { sha256, data, width: size, height: size, format: "png", byteSize: data.length },
    update: {},
  });
  return sha256;
}

describe("loadLabeledSet", () => {
  it("reads counts and pixels of one split, in image-id order", async () => {
    const project = await createProject({ name: "model-data", labels: [...FERPLUS_LABELS], targetVotes: 10 });
    const rows = [
      { split: "train" as const, size: 48, level: 255, counts: [6, 2, 0, 0, 0, 0, 0, 0, 1, 1] },
      { split: "train" as const, size: 96, level: 0, counts: [0, 0, 0, 0, 0, 0, 0, 1, 0, 9] },
      { split: "valid" as const, size: 48, level: 51, counts: [0, 10, 0, 0, 0, 0, 0, 0, 0, 0] },
    ];
    for (const [index, row] of rows.entries()) {
      await db.image.create({
        data: {
          projectId: project.id,
          sha256: await grayBlob(row.size, row.level),
          externalName: `face-${index}.png`,
          split: row.split,
          counts: row.counts,
          voteCount: row.counts.reduce((a, b) => a + b, 0),
        },
      });
    }
    const loaded = await loadLabeledSet(project.id, "train");
    expect(loaded.classes).toEqual(FERPLUS_LABELS.slice(0, 8));
    expect(loaded.nonEmotionLabels).toEqual(["unknown", "not_a_face"]);
    expect(loaded.set.imageIds).toHaveLength(2);
    expect(loaded.set.counts).toEqual([rows[0]!.counts.slice(0, 8), rows[1]!.counts.slice(0, 8)]);
    expect(loaded.set.nonEmotionCounts).toEqual([
      [1, 1],
      [0, 9],
    ]);
    expect(loaded.set.pixels).toHaveLength(2 * 2304);
    expect(loaded.set.pixels[0]).toBeCloseTo(1, 5); // white 48x48
    expect(loaded.set.pixels[2304 + 100]).toBeCloseTo(0, 5); // black 96x96, resized
    const valid = await loadLabeledSet(project.id, "valid");
    expect(valid.set.imageIds).toHaveLength(1);
    expect(valid.set.pixels[5]).toBeCloseTo(51 / 255, 2);
    const subset = await loadLabeledSet(project.id, "train", { limit: 1, seed: 4 });
    expect(subset.set.imageIds).toHaveLength(1);
    expect((await loadLabeledSet(project.id, "train", { limit: 1, seed: 4 })).set.imageIds).toEqual(
      subset.set.imageIds,
    );
  });
});
