// Hostile inputs for the memory-bomb tests (issue 11, finding 4), generated small: a body stream that
// counts what the server pulled, a zip whose entry inflates to gigabytes of zeros, and a PNG whose
// image data does. Each is built by streaming one zero buffer, so the test never holds the bomb's
// inflated size itself.
import { constants, createDeflate, crc32 } from "node:zlib";
import { Zip, ZipDeflate } from "fflate";

const MiB = 1024 * 1024;
const ZEROS = new Uint8Array(MiB);

/** A request body of `totalMiB` MiB of JSON-ish bytes, sent chunked; `pulled()` says how much was read. */
export function countingBody(totalMiB: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new TextEncoder().encode(`{"name":"${"x".repeat(MiB - 20)}`);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalMiB * MiB) return controller.close();
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

/** A zip (about 1 KB per MiB inflated) with one entry `name` of `entryMiB` MiB of zeros per entry. */
export function zeroZip(entries: { name: string; mib: number }[]): Buffer<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  for (const { name, mib } of entries) {
    const file = new ZipDeflate(name, { level: 9 });
    zip.add(file);
    for (let i = 0; i < mib; i++) file.push(ZEROS, i === mib - 1);
  }
  zip.end();
  return Buffer.concat(parts);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** A `side` x `side` greyscale PNG whose image data inflates to `inflateMiB` MiB of zeros. */
export async function pngBomb(side: number, inflateMiB: number): Promise<Buffer> {
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflate.on("data", (data: Buffer) => out.push(data));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  for (let i = 0; i < inflateMiB; i++) {
    if (!deflate.write(ZEROS)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.concat(out)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
