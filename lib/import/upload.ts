// Images uploaded from the browser (several files, or the files of a zip the caller unpacked):
// validated and stored like any import, without votes.
import path from "node:path";
import { getProject } from "../projects/projects";
import { runImport, type SourceRow } from "./run-import";
import type { ImportSummary, ProgressListener, SkippedRow, Split } from "./types";

export const MAX_UPLOAD_FILES = 50_000;

/** Imports uploaded image files into a project; names already in the project are skipped as existing. */
export async function importUploadedImages(options: {
  projectId: number;
  files: { name: string; data: Buffer }[];
  split?: Split | null;
  onProgress?: ProgressListener;
}): Promise<ImportSummary> {
  const project = await getProject(options.projectId);
  const skipped: SkippedRow[] = [];
  const rows: SourceRow[] = [];
  options.files.slice(0, MAX_UPLOAD_FILES).forEach((file, index) => {
    // Keep only the base name: zip entries carry folders, and a name must not escape anything.
    const name = path.posix.basename(file.name.replaceAll("\\", "/"));
    if (!name || name.startsWith(".")) {
      skipped.push({ line: index + 1, name: file.name, reason: "not an image file name" });
      return;
    }
    rows.push({
      line: index + 1,
      name,
      split: options.split ?? null,
      votes: [],
      load: async () => file.data,
    });
  });
  for (const file of options.files.slice(MAX_UPLOAD_FILES)) {
    skipped.push({
      line: null,
      name: file.name,
      reason: `more than ${MAX_UPLOAD_FILES} files in one upload`,
    });
  }
  return runImport(project, rows, { skipped, onProgress: options.onProgress });
}
