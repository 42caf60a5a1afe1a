// Uploaded files as the importer wants them: plain image files pass through; a zip is unpacked
// (fflate) with limits, so that a small archive cannot expand into gigabytes (zip bomb).
import { unzipSync } from "fflate";
import { AppError } from "../errors";

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

export interface UploadedFile {
  name: string;
  data: Buffer;
}

/** Expands zips among `files`; skips folder entries and macOS metadata; 413 beyond the limits. */
export function unpackUploads(files: UploadedFile[]): {
  files: UploadedFile[];
  skipped: { name: string; reason: string }[];
} {
  const out: UploadedFile[] = [];
  const skipped: { name: string; reason: string }[] = [];
  let unpacked = 0;
  for (const file of files) {
    if (!file.name.toLowerCase().endsWith(".zip")) {
      out.push(file);
      continue;
    }
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(file.data), {
        filter: (entry) => {
          if (entry.name.endsWith("/") || entry.name.startsWith("__MACOSX/")) return false;
          unpacked += entry.originalSize;
          if (unpacked > MAX_UNPACKED_BYTES) {
            throw new AppError(
              "too_large",
              `${file.name} unpacks to more than ${MAX_UNPACKED_BYTES / 2 ** 20} MiB`,
              { field: "files" },
            );
          }
          return true;
        },
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      skipped.push({ name: file.name, reason: "not a readable zip archive" });
      continue;
    }
    for (const [name, data] of Object.entries(entries)) out.push({ name, data: Buffer.from(data) });
  }
  return { files: out, skipped };
}
