// Exports as HTTP responses: the export streams into the response body as the cursor advances
// (backpressure from the client reaches the database), and zips stream the same way.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { PassThrough, Readable } from "node:stream";
import type { ExportFilters, ExportFormat } from "./options";
import { checkExport, runExport, WRITERS, type CardFields } from "./run";
import { singleFileTarget, writableSink, zipTarget, type ExportTarget } from "./targets";
import { AppError } from "../errors";

/** A file name safe in Content-Disposition: letters, digits, dot, dash, underscore. */
export function downloadName(projectName: string, suffix: string): string {
  return `${projectName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "project"}-${suffix}`;
}

function body(stream: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}

/**
 * A streamed export of project `projectId`: the single data file (csv, jsonl, parquet), or a zip with
 * images and README.md when `zip` is set (always for ferplus). Request errors are thrown before the
 * first byte; an error mid-stream aborts the body, so a client never mistakes a partial file for a whole.
 */
export async function exportResponse(options: {
  projectId: number;
  format: ExportFormat;
  filters: ExportFilters;
  zip: boolean;
  card?: CardFields;
  signal?: AbortSignal;
}): Promise<Response> {
  const writer = WRITERS[options.format];
  const bundle = options.zip || writer.requiresBundle;
  const { project } = await checkExport({ ...options, bundle });
  const stream = new PassThrough();
  const target: ExportTarget = bundle ? await zipTarget(stream) : singleFileTarget(writableSink(stream));
  runExport({ ...options, target }).catch(async (error: unknown) => {
    // A client that went away (stream already destroyed, request aborted) is no server error.
    const clientGone = stream.destroyed || (error instanceof Error && error.name === "AbortError");
    await target.discard();
    if (!clientGone) console.error("[export]", error);
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  const fileName = bundle
    ? downloadName(project.name, `${options.format}.zip`)
    : downloadName(project.name, writer.dataFile);
  return new Response(body(stream), {
    headers: {
      "content-type": bundle ? "application/zip" : writer.contentType,
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}

/** The zip of a finished export job, streamed from disk. */
export async function exportFileResponse(file: string, downloadAs: string): Promise<Response> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new AppError("gone", "the export file is no longer on the server: run the export again");
    },
  );
  return new Response(body(createReadStream(file)), {
    headers: {
      "content-type": "application/zip",
      "content-length": String(size),
      "content-disposition": `attachment; filename="${downloadAs}"`,
      "cache-control": "no-store",
    },
  });
}
