// The picture of a pretraining's samples for the Models page: one row per face, three columns (original,
// masked input, masked patches filled with the decoder's prediction), scaled up 2x with nearest-neighbour
// so the 8x8 patches stay visible.
import sharp from "sharp";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "../model/types";

const SCALE = 2;
const GAP = 2;

export type SampleImages = {
  count: number;
  original: Float32Array;
  masked: Float32Array;
  reconstruction: Float32Array;
};

/** A grayscale PNG of the samples (white gaps between faces). */
export async function samplesPng(samples: SampleImages): Promise<Buffer> {
  const columns = [samples.original, samples.masked, samples.reconstruction];
  const width = columns.length * IMAGE_SIZE + (columns.length - 1) * GAP;
  const height = Math.max(1, samples.count * IMAGE_SIZE + (samples.count - 1) * GAP);
  const raw = Buffer.alloc(width * height, 255);
  for (let face = 0; face < samples.count; face++) {
    for (const [column, pixels] of columns.entries()) {
      const left = column * (IMAGE_SIZE + GAP);
      const top = face * (IMAGE_SIZE + GAP);
      for (let y = 0; y < IMAGE_SIZE; y++)
        for (let x = 0; x < IMAGE_SIZE; x++) {
          const value = pixels[face * PIXELS_PER_IMAGE + y * IMAGE_SIZE + x]!;
          raw[(top + y) * width + left + x] = Math.round(Math.min(1, Math.max(0, value)) * 255);
        }
    }
  }
  return sharp(raw, { raw: { width, height, channels: 1 } })
    .resize(width * SCALE, height * SCALE, { kernel: "nearest" })
    .png()
    .toBuffer();
}
