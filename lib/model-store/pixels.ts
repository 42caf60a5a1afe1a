// Pixels for the model, read from the database: image blobs decoded by lib/model's `decode` (the one
// decoding, so training, evaluation, predictions and pretraining see identical pixels) into one buffer,
// image after image. labeled-set.ts loads whole splits with their counts; loadPixels any images.
// The decoder alone, not lib/model's index, which would load tfjs into every process that decodes.
import { decode } from "../model/decode";
import { PIXELS_PER_IMAGE } from "../model/types";
import { imageBytes } from "./sql";

// sharp decodes on libuv's thread pool: a few decodes in flight keep its threads busy.
const DECODE_CONCURRENCY = 8;

/** Decodes each image's bytes into its slot of `out` (slot s = floats s*2304 onwards), a few at a time. */
export async function decodeInto(
  out: Float32Array,
  images: readonly { bytes: Uint8Array; slot: number }[],
): Promise<void> {
  let cursor = 0;
  const worker = async () => {
    while (cursor < images.length) {
      const { bytes, slot } = images[cursor++]!;
      out.set(await decode(bytes), slot * PIXELS_PER_IMAGE);
    }
  };
  await Promise.all(Array.from({ length: DECODE_CONCURRENCY }, worker));
}

/** Decoded pixels of `imageIds`, image after image, in the order given. */
export async function loadPixels(imageIds: number[]): Promise<Float32Array> {
  const pixels = new Float32Array(imageIds.length * PIXELS_PER_IMAGE);
  const rows = await imageBytes(imageIds);
  const byId = new Map(rows.map((row) => [row.id, row.data]));
  const images = imageIds.map((id, slot) => {
    const bytes = byId.get(id);
    if (!bytes) throw new Error(`image ${id} not found`);
    return { bytes, slot };
  });
  await decodeInto(pixels, images);
  return pixels;
}
