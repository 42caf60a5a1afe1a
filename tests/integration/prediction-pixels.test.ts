// Predictions decode images with lib/model-store/pixels.ts; training with lib/model/data.ts. The model
// must see the same pixels in both, or predictions would not be the trained model's.
import { describe, expect, it } from "vitest";
import { loadLabeledSet } from "../../lib/model/data";
import { loadPixels } from "../../lib/model-store/pixels";
import { createVotedProject } from "../helpers/voted-project";

describe("prediction pixels", () => {
  it("equal the training loader's pixels, image for image, in the order asked", async () => {
    const { project } = await createVotedProject({ name: "pixels", perSplit: 5, realImages: true });
    const { set } = await loadLabeledSet(project.id, "train");
    expect(set.imageIds).toHaveLength(5);
    const reversed = [...set.imageIds].reverse();
    const pixels = await loadPixels(reversed);
    const size = 48 * 48;
    reversed.forEach((id, i) => {
      const j = set.imageIds.indexOf(id);
      expect(pixels.subarray(i * size, (i + 1) * size)).toEqual(
        set.pixels.subarray(j * size, (j + 1) * size),
      );
    });
    await expect(loadPixels([2_000_000_000])).rejects.toThrow(/not found/);
  });
});
