// The one reader of request bodies. Every route reads its body here, so that a body is capped by the
// bytes actually read (a chunked request has no Content-Length, and a Content-Length can lie) and a
// 300 MB JSON document or upload is refused after the cap, not buffered whole.
import { AppError } from "../errors";

/** Cap for JSON bodies: the largest legitimate one (settings, a vote) is a few kilobytes. */
export const MAX_JSON_BYTES = 1024 * 1024;

function tooLarge(maxBytes: number, field: string): AppError {
  const size = maxBytes >= 2 ** 20 ? `${maxBytes / 2 ** 20} MiB` : `${maxBytes} bytes`;
  return new AppError("too_large", `the request body is limited to ${size}`, { field });
}

/** Reads the whole body, at most `maxBytes`; 413 (naming `field`) as soon as more arrives. */
export async function readBody(
  request: Request,
  maxBytes: number,
  field = "body",
): Promise<Buffer<ArrayBuffer>> {
  // A declared length over the cap is refused before reading anything.
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes, field);
  if (!request.body) return Buffer.alloc(0) as Buffer<ArrayBuffer>;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      // Drop what was read and stop the sender; the rest of the stream is never buffered.
      chunks.length = 0;
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes, field);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, received);
}

/** The JSON path of the first string holding a NUL byte (PostgreSQL text cannot store one), or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, path ? `${path}.${index}` : String(index));
      if (found !== null) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found =
        nulPath(key, path ? `${path}.${key}` : key) ?? nulPath(item, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * The body parsed as JSON, at most `maxBytes`: an empty body is `{}` (the route's schema then names
 * the missing fields); malformed JSON or a NUL byte in any string is a 400 naming the field.
 */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const text = (await readBody(request, maxBytes)).toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the body must be JSON", { field: "body" });
  }
  const path = nulPath(value, "");
  if (path !== null)
    throw new AppError("bad_request", "text may not contain NUL bytes", { field: path || "body" });
  return value;
}

/** Throws a 400 naming the parameter when a query or path value holds a NUL byte. */
export function rejectNulBytes(values: Iterable<[string, string]>): void {
  for (const [name, value] of values) {
    if (value.includes("\u0000"))
      throw new AppError("bad_request", "text may not contain NUL bytes", { field: name });
  }
}
