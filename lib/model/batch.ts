// Mini-batch assembly with augmentation, in plain typed arrays (a 64-image batch is ~150k pixel reads:
// far cheaper than doing the same with tensor ops on the wasm backend).
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

export type Augmentation = { padding: number; random: () => number } | null;

/**
 * Copies images `rows` of `pixels` into `out` (batch x 48 x 48). With augmentation each image is
 * shifted by up to `padding` pixels in x and y (a random crop of the edge-replicated padded image: the
 * translation part of FERPlus's random affine augmentation) and mirrored left-right with probability 1/2.
 */
export function fillBatch(
  out: Float32Array,
  pixels: Float32Array,
  rows: ArrayLike<number>,
  augmentation: Augmentation,
): void {
  const size = IMAGE_SIZE;
  const last = size - 1;
  for (let b = 0; b < rows.length; b++) {
    const source = rows[b]! * PIXELS_PER_IMAGE;
    const target = b * PIXELS_PER_IMAGE;
    if (!augmentation) {
      out.set(pixels.subarray(source, source + PIXELS_PER_IMAGE), target);
      continue;
    }
    const span = 2 * augmentation.padding + 1;
    const dx = Math.floor(augmentation.random() * span) - augmentation.padding;
    const dy = Math.floor(augmentation.random() * span) - augmentation.padding;
    const flip = augmentation.random() < 0.5;
    for (let y = 0; y < size; y++) {
      const sy = Math.min(last, Math.max(0, y + dy));
      const rowStart = source + sy * size;
      const outRow = target + y * size;
      for (let x = 0; x < size; x++) {
        const sx = Math.min(last, Math.max(0, x + dx));
        out[outRow + (flip ? last - x : x)] = pixels[rowStart + sx]!;
      }
    }
  }
}
