// Predictions read pixels with lib/model-store/pixels.ts: each image's blob through lib/model's decode
// (the decoding training uses too), in the order asked.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { decode } from "../../lib/model";
import { loadPixels } from "../../lib/model-store/pixels";
import { createVotedProject } from "../helpers/voted-project";

describe("prediction pixels", () => {
  it("are the decoded blobs, image for image, in the order asked", async () => {
    const { project } = await createVotedProject({ name: "pixels", perSplit: 5, realImages: true });
    const images = await db.image.findMany({
      where: { projectId: project.id, split: "train" },
      orderBy: { id: "desc" },
      select: { id: true, blob: { select: { data: true } } },
    });
    expect(images).toHaveLength(5);
    const pixels = await loadPixels(images.map((image) => image.id));
    const size = 48 * 48;
    for (const [i, image] of images.entries()) {
      expect(pixels.subarray(i * size, (i + 1) * size)).toEqual(await decode(image.blob.data));
    }
    // Distinct noise faces: a loader that ignored the order would put the wrong face in a slot.
    expect(pixels.subarray(0, size)).not.toEqual(pixels.subarray(size, 2 * size));
    await expect(loadPixels([2_000_000_000])).rejects.toThrow(/not found/);
  });
});
