// SimMIM-style masking for 48x48 faces (Xie et al., "SimMIM: a Simple Framework for Masked Image
// Modeling", CVPR 2022, sec. 3.1): the image is cut into square patches, a fixed share of them is chosen at
// random per image, and those patches are replaced at the input. For a CNN there is no mask token to learn,
// so a masked patch is filled with mid-grey (0.5), which the network's input rescaling maps to 0: the
// "replace with zeros" of SimMIM's convolutional baselines. The loss reads only masked pixels (pixelMask).
import type { Rng } from "../random";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

/**
 * Side of a masked patch in pixels. 8 equals the conv trunk's total stride (three 2x2 pools), so one patch
 * is exactly one cell of the encoder's 6x6 feature map and the decoder predicts each patch from one cell.
 */
export const PATCH_SIZE = 8;
export const PATCHES_PER_SIDE = IMAGE_SIZE / PATCH_SIZE;
export const PATCHES_PER_IMAGE = PATCHES_PER_SIDE * PATCHES_PER_SIDE;
/** What a masked pixel becomes: mid-grey, i.e. 0 after the network's [0, 1] -> [-1, 1] rescaling. */
export const MASK_FILL = 0.5;

/** Patches masked per image at `ratio`: a fixed count (SimMIM), at least 1 and never all of them. */
export function maskedPatchCount(ratio: number): number {
  return Math.min(PATCHES_PER_IMAGE - 1, Math.max(1, Math.round(ratio * PATCHES_PER_IMAGE)));
}

/**
 * Draws which patches to mask for `n` images: a 0/1 array of n x PATCHES_PER_IMAGE (row-major patch grid),
 * exactly maskedPatchCount(ratio) ones per image, chosen uniformly by a partial Fisher-Yates shuffle.
 */
export function drawPatchMask(n: number, ratio: number, random: Rng): Uint8Array {
  const mask = new Uint8Array(n * PATCHES_PER_IMAGE);
  const count = maskedPatchCount(ratio);
  const order = Array.from({ length: PATCHES_PER_IMAGE }, (_, i) => i);
  for (let image = 0; image < n; image++) {
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (PATCHES_PER_IMAGE - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
      mask[image * PATCHES_PER_IMAGE + order[i]!] = 1;
    }
  }
  return mask;
}

/** Expands a patch mask to pixels: n x 48 x 48 floats, 1 where the pixel's patch is masked. */
export function pixelMask(patchMask: Uint8Array, n: number): Float32Array {
  const out = new Float32Array(n * PIXELS_PER_IMAGE);
  for (let image = 0; image < n; image++) {
    for (let y = 0; y < IMAGE_SIZE; y++) {
      const row = image * PATCHES_PER_IMAGE + Math.floor(y / PATCH_SIZE) * PATCHES_PER_SIDE;
      for (let x = 0; x < IMAGE_SIZE; x++)
        out[image * PIXELS_PER_IMAGE + y * IMAGE_SIZE + x] = patchMask[row + Math.floor(x / PATCH_SIZE)]!;
    }
  }
  return out;
}

/** Copies `pixels` (n images) into `out` with every masked pixel replaced by MASK_FILL. */
export function applyMask(pixels: Float32Array, mask: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n * PIXELS_PER_IMAGE; i++) out[i] = mask[i] === 1 ? MASK_FILL : pixels[i]!;
}
