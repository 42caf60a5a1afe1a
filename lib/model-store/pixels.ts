// Pixels of arbitrary images (any split, voted or not) for predictions. Same decoding as
// lib/model/data.ts's loadLabeledSet (which loads whole splits): 48x48 grayscale in [0, 1];
// tests/integration/prediction-pixels.test.ts checks that both give identical pixels.
import sharp from "sharp";
import { db } from "../db";
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from "../model/types";

const DECODE_CONCURRENCY = 8;

/** Decoded pixels of `imageIds`, image after image, in the order given. */
export async function loadPixels(imageIds: number[]): Promise<Float32Array> {
  const pixels = new Float32Array(imageIds.length * PIXELS_PER_IMAGE);
  const rows = await db.$queryRaw<{ id: number; data: Uint8Array }[]>`
    SELECT i.id, b.data FROM images i JOIN image_blobs b ON b.sha256 = i.sha256 WHERE i.id = ANY(${imageIds}::int[])`;
  const byId = new Map(rows.map((row) => [row.id, row.data]));
  let cursor = 0;
  const worker = async () => {
    while (cursor < imageIds.length) {
      const index = cursor++;
      const data = byId.get(imageIds[index]!);
      if (!data) throw new Error(`image ${imageIds[index]} not found`);
      const raw = await sharp(data)
        .removeAlpha()
        .grayscale()
        .resize(IMAGE_SIZE, IMAGE_SIZE, { fit: "fill" })
        .raw()
        .toBuffer();
      const offset = index * PIXELS_PER_IMAGE;
      for (let i = 0; i < PIXELS_PER_IMAGE; i++) pixels[offset + i] = raw[i]! / 255;
    }
  };
  await Promise.all(Array.from({ length: DECODE_CONCURRENCY }, worker));
  return pixels;
}
