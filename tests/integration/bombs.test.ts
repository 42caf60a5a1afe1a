// Issue 11, finding 4: memory and event-loop bombs. Bodies are capped by the bytes actually read
// (chunked, no Content-Length), zips are unpacked entry by entry with caps on inflated bytes, and a
// PNG's image data is inflated as a bounded stream. The FER+ training set still fits the caps.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { POST as createProjectPost } from "../../app/api/projects/route";
import { POST as uploadRoute } from "../../app/api/projects/[id]/images/route";
import { db } from "../../lib/db";
import { decodeImage } from "../../lib/import/image-file";
import { createProject } from "../../lib/projects/projects";
import { MAX_UPLOAD_BYTES, unpackUploads } from "../../lib/uploads/unpack";
import { syntheticFace } from "../helpers/annotation-fixtures";
import { createTestUser } from "../helpers/auth";
import { countingBody, pngBomb, zeroZip } from "../helpers/bombs";
import { ferplusDir } from "../helpers/ferplus";

const MiB = 1024 * 1024;

function streamed(url: string, headers: Headers, body: ReadableStream<Uint8Array>): Request {
  // duplex: "half" is what fetch requires for a stream body; no Content-Length is sent.
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

/** Runs `work` while sampling the event loop every 5 ms; returns its result and the longest stall. */
async function withLoopLag<T>(work: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  let last = performance.now();
  let maxLagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
    last = now;
  }, 5);
  try {
    return { result: await work(), maxLagMs };
  } finally {
    clearInterval(timer);
  }
}

describe("request bodies are capped by bytes read", () => {
  it("a chunked 64 MiB JSON body is a 413 after about 1 MiB read (a signed-in route)", async () => {
    const researcher = await createTestUser("researcher");
    const { body, pulled } = countingBody(64);
    const headers = new Headers(researcher.headers);
    headers.set("content-type", "application/json");
    const response = await createProjectPost(streamed("http://t/api/projects", headers, body), {});
    expect(response.status).toBe(413);
    expect(JSON.stringify(await response.json())).toContain("body");
    expect(pulled()).toBeLessThan(3 * MiB);
  });

  it("a chunked 64 MiB body to the anonymous /api/auth routes is a 413 after about 1 MiB", async () => {
    const { body, pulled } = countingBody(64);
    const headers = new Headers({ "content-type": "application/json" });
    const response = await authPost(streamed("http://t/api/auth/sign-in/email", headers, body));
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThan(3 * MiB);
  });

  it("a chunked upload past the upload cap is a 413 and stops reading", async () => {
    const researcher = await createTestUser("researcher");
    const project = await createProject({ name: "big upload", labels: ["a", "b"] });
    await db.projectMember.create({
      data: { projectId: project.id, userId: researcher.id, role: "researcher" },
    });
    const { body, pulled } = countingBody(MAX_UPLOAD_BYTES / MiB + 64);
    const headers = new Headers(researcher.headers);
    headers.set("content-type", "multipart/form-data; boundary=x");
    const response = await uploadRoute(
      streamed(`http://t/api/projects/${project.id}/images`, headers, body),
      {
        params: Promise.resolve({ id: String(project.id) }),
      },
    );
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThan(MAX_UPLOAD_BYTES + 2 * MiB);
  });
});

describe("zips are unpacked with caps on the bytes inflated", () => {
  it("skips an entry of 300 MiB of zeros (a 300 KB zip) after 10 MiB, keeps the rest", async () => {
    const bomb = zeroZip([{ name: "zeros.png", mib: 300 }]);
    expect(bomb.length).toBeLessThan(MiB);
    const rss = process.memoryUsage().rss;
    const { result, maxLagMs } = await withLoopLag(() =>
      unpackUploads([{ name: "bomb.zip", data: Buffer.from(bomb) }]),
    );
    const { files, skipped } = result;
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MiB);
    expect(maxLagMs).toBeLessThan(200);
    expect(files).toEqual([]);
    expect(skipped).toEqual([{ name: "zeros.png", reason: "unpacks to more than 10 MiB" }]);
  });

  it("refuses (413) zips that together unpack past the total cap", async () => {
    const many = zeroZip(Array.from({ length: 16 }, (_, i) => ({ name: `z${i}.png`, mib: 9 })));
    await expect(unpackUploads([{ name: "many.zip", data: Buffer.from(many) }])).rejects.toThrow(
      /at most 128 MiB/,
    );
  });

  it("through the upload route: the bomb entry is skipped with its reason, the real face imported", async () => {
    const researcher = await createTestUser("researcher");
    const project = await createProject({ name: "bomb upload", labels: ["a", "b"] });
    await db.projectMember.create({
      data: { projectId: project.id, userId: researcher.id, role: "researcher" },
    });
    const form = new FormData();
    form.append("files", new File([zeroZip([{ name: "zeros.png", mib: 64 }])], "bomb.zip"));
    form.append(
      "files",
      new File([new Uint8Array(await syntheticFace(7))], "face.png", { type: "image/png" }),
    );
    const response = await uploadRoute(
      new Request(`http://t/api/projects/${project.id}/images`, {
        method: "POST",
        headers: researcher.headers,
        body: form,
      }),
      { params: Promise.resolve({ id: String(project.id) }) },
    );
    expect(response.status).toBe(200);
    const summary = JSON.parse((await response.text()).trim().split("\n").at(-1)!) as {
      images: number;
      skipped: { name: string; reason: string }[];
    };
    expect(summary.images).toBe(1);
    expect(summary.skipped).toContainEqual(expect.objectContaining({ name: "zeros.png" }));
  });

  it("still unpacks the whole FER+ training set zipped (28,559 faces) without skipping any", async () => {
    const root = ferplusDir("bombs");
    if (!root) return;
    const dir = path.join(root, "FER2013Train");
    const names = (await readdir(dir)).filter((name) => name.endsWith(".png"));
    const entries: Record<string, Uint8Array> = {};
    for (const name of names) entries[`FER2013Train/${name}`] = await readFile(path.join(dir, name));
    const zip = zipSync(entries, { level: 0 });
    expect(zip.length).toBeLessThan(MAX_UPLOAD_BYTES);
    const { files, skipped } = await unpackUploads([{ name: "train.zip", data: Buffer.from(zip) }]);
    expect(skipped).toEqual([]);
    expect(files.length).toBe(names.length);
  }, 120_000);
});

describe("PNG image data is inflated as a bounded stream", () => {
  it("rejects a 48x48 PNG whose data inflates to 256 MiB without stalling the event loop", async () => {
    const bomb = await pngBomb(48, 256);
    expect(bomb.length).toBeLessThan(MiB);
    const rss = process.memoryUsage().rss;
    const { result, maxLagMs } = await withLoopLag(() =>
      decodeImage(bomb).then(
        () => null,
        (error: Error) => error,
      ),
    );
    expect(result?.message).toMatch(/more than the 2352 bytes the header promises/);
    expect(maxLagMs).toBeLessThan(100);
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * MiB);
  });

  it("still accepts a real face", async () => {
    const decoded = await decodeImage(await syntheticFace(3));
    expect(decoded.format).toBe("png");
  });
});
