// Uploaded files as the importer wants them: plain image files pass through; a zip is unpacked
// entry by entry (fflate's streaming Unzip) with limits on the bytes actually inflated, so that a
// small archive cannot expand into gigabytes (zip bomb). The sizes a zip declares are not trusted.
import {
  Inflate,
  Unzip,
  type AsyncFlateStreamHandler,
  type FlateError,
  type UnzipDecoder,
  type UnzipFile,
} from "fflate";
import { AppError } from "../errors";
import { MAX_IMAGE_BYTES } from "../import/image-file";

/** Bytes one upload request may carry (counted as read). The FER+ training set zipped is ~72 MB. */
export const MAX_UPLOAD_BYTES = 128 * 1024 * 1024;
/** Bytes all zips of one upload may unpack to, together. */
export const MAX_UNPACKED_BYTES = 128 * 1024 * 1024;
// The zip is fed in small pieces: one piece of deflate data inflates to at most ~1,000x its size,
// so an entry is stopped within a few MiB of its limit.
const PIECE_BYTES = 4 * 1024;
// Pieces between yields to the event loop: unpacking a large zip must not stall other requests
// (scanning past a stopped entry of unknown size is byte by byte).
const PIECES_PER_YIELD = 64;

export interface UploadedFile {
  name: string;
  data: Buffer;
}

type Skipped = { name: string; reason: string };

/**
 * fflate's UnzipInflate with a working terminate(): the synchronous decoder has none, so a stopped
 * entry would still be inflated to its end (seconds of CPU for a bomb) with its output dropped.
 */
class StoppableInflate implements UnzipDecoder {
  static compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;
  private stopped = false;
  private readonly inflate = new Inflate((data, final) => this.ondata(null, data, final));

  push(chunk: Uint8Array, final: boolean): void {
    if (this.stopped) return;
    try {
      this.inflate.push(chunk, final);
    } catch (error) {
      this.stopped = true;
      this.ondata(error as FlateError, new Uint8Array(0), final);
    }
  }

  terminate(): void {
    this.stopped = true;
  }
}

/** The entries of one zip, each at most MAX_IMAGE_BYTES; 413 once all together pass `budget`. */
async function unzipBounded(
  zip: UploadedFile,
  budget: { left: number },
): Promise<{ files: UploadedFile[]; skipped: Skipped[] }> {
  const files: UploadedFile[] = [];
  const skipped: Skipped[] = [];
  let overBudget = false;
  // Entries begun and not yet whole, skipped or stopped: what is left at the end was truncated.
  const open = new Set<string>();
  let entries = 0;
  const unzip = new Unzip((entry: UnzipFile) => {
    entries++;
    if (entry.name.endsWith("/") || entry.name.startsWith("__MACOSX/")) return;
    open.add(entry.name);
    const chunks: Uint8Array[] = [];
    let size = 0;
    let stopped = false;
    const stop = () => {
      stopped = true;
      open.delete(entry.name);
      entry.terminate();
    };
    entry.ondata = (error, chunk, final) => {
      if (stopped) return;
      if (error) {
        stopped = true;
        open.delete(entry.name);
        skipped.push({ name: entry.name, reason: `corrupt zip entry (${error.message})` });
        return;
      }
      size += chunk.length;
      budget.left -= chunk.length;
      if (budget.left < 0) {
        overBudget = true;
        stop();
        return;
      }
      if (size > MAX_IMAGE_BYTES) {
        // Give the bytes back to the budget and stop inflating this entry.
        budget.left += size;
        chunks.length = 0;
        stop();
        skipped.push({ name: entry.name, reason: `unpacks to more than ${MAX_IMAGE_BYTES / 2 ** 20} MiB` });
        return;
      }
      chunks.push(chunk);
      if (final) {
        open.delete(entry.name);
        files.push({ name: entry.name, data: Buffer.concat(chunks, size) });
      }
    };
    entry.start();
  });
  unzip.register(StoppableInflate);
  for (let offset = 0, piece = 0; offset < zip.data.length; offset += PIECE_BYTES, piece++) {
    if (piece % PIECES_PER_YIELD === PIECES_PER_YIELD - 1)
      await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(offset + PIECE_BYTES, zip.data.length);
    unzip.push(zip.data.subarray(offset, end), end === zip.data.length);
    if (overBudget) {
      throw new AppError(
        "too_large",
        `the zips of one upload may unpack to at most ${MAX_UNPACKED_BYTES / 2 ** 20} MiB`,
        {
          field: "files",
        },
      );
    }
  }
  if (entries === 0) throw new Error("no zip entries");
  for (const name of open) skipped.push({ name, reason: "truncated zip entry" });
  return { files, skipped };
}

/** Expands zips among `files`; skips folder entries, macOS metadata and oversized entries; 413 beyond the total. */
export async function unpackUploads(
  files: UploadedFile[],
): Promise<{ files: UploadedFile[]; skipped: Skipped[] }> {
  const out: UploadedFile[] = [];
  const skipped: Skipped[] = [];
  const budget = { left: MAX_UNPACKED_BYTES };
  for (const file of files) {
    if (!file.name.toLowerCase().endsWith(".zip")) {
      out.push(file);
      continue;
    }
    try {
      const unpacked = await unzipBounded(file, budget);
      out.push(...unpacked.files);
      skipped.push(...unpacked.skipped);
    } catch (error) {
      if (error instanceof AppError) throw error;
      skipped.push({ name: file.name, reason: "not a readable zip archive" });
    }
  }
  return { files: out, skipped };
}
