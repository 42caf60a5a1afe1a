// Image bytes to the network's input: the one decoding that training, evaluation and predictions share,
// so a model always sees pixels prepared the same way. Pure: bytes in, floats out (sharp does the work).
import sharp from "sharp";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "./types";

/**
 * Decodes any image sharp reads (PNG, JPEG, ...; any size or colour) to the network's input:
 * 48x48 8-bit grayscale, stretched to fill (no crop), scaled to [0, 1], row after row.
 */
export async function decode(bytes: Uint8Array): Promise<Float32Array> {
  const raw = await sharp(bytes)
    .removeAlpha()
    .grayscale()
    .resize(IMAGE_SIZE, IMAGE_SIZE, { fit: "fill" })
    .raw()
    .toBuffer();
  const pixels = new Float32Array(PIXELS_PER_IMAGE);
  for (let i = 0; i < PIXELS_PER_IMAGE; i++) pixels[i] = raw[i]! / 255;
  return pixels;
}
