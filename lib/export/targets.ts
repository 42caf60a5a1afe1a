// Where an export's bytes go. A format writer sees an ExportTarget: one file (a CLI `--out x.csv` or
// an HTTP response), a folder, or a zip streamed to any Writable. Every write honours backpressure,
// so a slow reader (a download) slows the database cursor instead of filling memory.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

/** A sequential byte stream (one file of an export). */
export interface ByteSink {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The destination of one export. */
export interface ExportTarget {
  /** True for folders and zips, which also receive the image files and the README.md card. */
  readonly bundle: boolean;
  /** Opens file `name` (a relative path with `/`) for sequential writing. */
  open(name: string): Promise<ByteSink>;
  /** Writes a whole small file (an image, the card). */
  put(name: string, data: Uint8Array | string): Promise<void>;
  /** Finishes the export (writes the zip directory, closes streams). */
  close(): Promise<void>;
  /** Cleans up after a failed export (temporary files); the output itself is the caller's to discard. */
  discard(): Promise<void>;
}

const CHUNK = 64 * 1024;

/**
 * Waits until `stream` takes more data. Also settles when the stream is closed or fails (a client
 * that went away): `once(stream, "drain")` alone would wait forever and keep the cursor open.
 */
export async function waitForDrain(stream: Writable): Promise<void> {
  if (stream.destroyed) throw new Error("the export's output was closed before the end");
  if (!stream.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      stream.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error("the export's output was closed before the end"));
    const onError = (error: Error) => settle(error);
    stream.on("drain", onDrain);
    stream.on("close", onClose);
    stream.on("error", onError);
  });
}

/** A ByteSink over a Node Writable: gathers small writes into 64 KiB chunks and waits for 'drain'. */
export function writableSink(stream: Writable, options: { end?: boolean } = {}): ByteSink {
  let pending: Buffer[] = [];
  let size = 0;
  async function flush() {
    if (size === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    if (stream.destroyed) throw new Error("the export's output was closed before the end");
    if (!stream.write(chunk)) await waitForDrain(stream);
  }
  return {
    async write(chunk) {
      // Callers hand over their bytes: they must not reuse the buffer afterwards.
      const buffer =
        typeof chunk === "string"
          ? Buffer.from(chunk, "utf8")
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      pending.push(buffer);
      size += buffer.byteLength;
      if (size >= CHUNK) await flush();
    },
    async close() {
      await flush();
      if (options.end !== false) {
        stream.end();
        await finished(stream);
      }
    },
  };
}

/** A target that is exactly one file: the data file of a csv, jsonl or parquet export. */
export function singleFileTarget(sink: ByteSink): ExportTarget {
  let opened = false;
  return {
    bundle: false,
    async open() {
      if (opened) throw new Error("a single-file export opens one file only");
      opened = true;
      return sink;
    },
    async put(name) {
      throw new Error(`a single-file export cannot hold ${name}`);
    },
    async close() {},
    async discard() {},
  };
}

/** Resolves `name` inside `dir`, refusing anything that would land outside it. */
function inside(dir: string, name: string): string {
  const full = path.resolve(dir, name);
  if (full !== dir && !full.startsWith(dir + path.sep))
    throw new Error(`export file name escapes its folder: ${name}`);
  return full;
}

/** A folder on disk (created if missing). */
export async function folderTarget(dir: string): Promise<ExportTarget> {
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true });
  const made = new Set<string>([root]);
  async function parent(file: string) {
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
  }
  return {
    bundle: true,
    async open(name) {
      const file = inside(root, name);
      await parent(file);
      return writableSink(createWriteStream(file));
    },
    async put(name, data) {
      const file = inside(root, name);
      await parent(file);
      await writeFile(file, data);
    },
    async close() {},
    async discard() {},
  };
}

/**
 * A zip streamed to `out` (fflate, no zip64: up to 4 GiB). Images are stored as they come (PNG is
 * already compressed); files opened with `open` are spooled to a temporary file and deflated into
 * the zip when closed, so that they never interleave with the image entries.
 */
export async function zipTarget(out: Writable, options: { mtime?: Date } = {}): Promise<ExportTarget> {
  const mtime = options.mtime ?? new Date();
  const spoolDir = await mkdtemp(path.join(os.tmpdir(), "chorus-export-"));
  let failure: Error | undefined;
  let ended: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      failure = error;
      return;
    }
    out.write(chunk);
    if (final) ended();
  });
  let spools = 0;

  async function backpressure() {
    if (failure) throw failure;
    await waitForDrain(out);
  }

  return {
    bundle: true,
    async open(name) {
      const spoolFile = path.join(spoolDir, `${spools++}`);
      const file = createWriteStream(spoolFile);
      const sink = writableSink(file);
      return {
        write: (chunk) => sink.write(chunk),
        async close() {
          await sink.close();
          const entry = new ZipDeflate(name, { level: 6 });
          entry.mtime = mtime;
          zip.add(entry);
          for await (const chunk of createReadStream(spoolFile, { highWaterMark: CHUNK })) {
            entry.push(chunk as Buffer);
            await backpressure();
          }
          entry.push(new Uint8Array(0), true);
          await rm(spoolFile, { force: true });
          await backpressure();
        },
      };
    },
    async put(name, data) {
      const entry = new ZipPassThrough(name);
      entry.mtime = mtime;
      zip.add(entry);
      entry.push(typeof data === "string" ? Buffer.from(data, "utf8") : data, true);
      await backpressure();
    },
    async close() {
      try {
        zip.end();
        if (failure) throw failure;
        await done;
        out.end();
        await finished(out);
      } finally {
        await rm(spoolDir, { recursive: true, force: true });
      }
    },
    async discard() {
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}
