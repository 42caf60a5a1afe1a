// Validation of image bytes: a real, decodable image of bounded size, decoded with sharp.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { checkPng } from "./png-check";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 4096;
const FORMATS = new Set(["png", "jpeg", "webp", "gif"]);

export interface DecodedImage {
  sha256: string;
  width: number;
  height: number;
  format: string;
}

/** Thrown for bytes that are not an acceptable image; the message is shown to the user. */
export class InvalidImageError extends Error {}

/**
 * Checks that `data` is a whole, decodable PNG/JPEG/WebP/GIF within the size bounds. sharp reads
 * the header; all the pixel data is then checked too (not only the header), which catches
 * truncated or corrupt files.
 */
export async function decodeImage(data: Buffer): Promise<DecodedImage> {
  if (data.length === 0) throw new InvalidImageError("empty file");
  if (data.length > MAX_IMAGE_BYTES) throw new InvalidImageError(`file larger than ${MAX_IMAGE_BYTES} bytes`);
  let width: number;
  let height: number;
  let format: string;
  try {
    const image = sharp(data, { failOn: "error", limitInputPixels: MAX_IMAGE_SIDE * MAX_IMAGE_SIDE });
    const metadata = await image.metadata();
    format = metadata.format ?? "unknown";
    width = metadata.width ?? 0;
    height = metadata.height ?? 0;
    if (!FORMATS.has(format)) throw new InvalidImageError(`unsupported image format "${format}"`);
    // Checked before any pixel is inflated, so that the bound below is the one the header promises.
    checkDimensions(width, height);
    // PNGs get the cheap full check; anything else (and interlaced PNGs) a full decode.
    const problem = format === "png" ? await checkPng(data) : "decode";
    if (problem === "interlaced" || problem === "decode") await image.raw().toBuffer();
    else if (problem) throw new InvalidImageError(`corrupt PNG: ${problem}`);
  } catch (error) {
    if (error instanceof InvalidImageError) throw error;
    throw new InvalidImageError(`not a valid image (${(error as Error).message})`);
  }
  return { sha256: createHash("sha256").update(data).digest("hex"), width, height, format };
}

function checkDimensions(width: number, height: number): void {
  if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new InvalidImageError(`dimensions ${width}x${height} outside 1..${MAX_IMAGE_SIDE}`);
  }
}

/** Runs `worker` over `items` with at most `limit` in flight, preserving order of results. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  worker: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
