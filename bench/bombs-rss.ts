// Peak RSS of a running server under the memory bombs of issue 11 (finding 4), against idle.
// Starts the built app (tests/helpers/app-server.ts) on a fresh database, samples the RSS of the
// server's process tree every 25 ms while each hostile request runs, and times a small request sent
// alongside (a blocked event loop shows there). Results: bench/results/bombs-rss.json.
//   DATABASE_URL=postgresql://... npx tsx bench/bombs-rss.ts
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { createApiToken } from "../lib/auth/api-tokens";
import { db, disconnectDb } from "../lib/db";
import { createProject } from "../lib/projects/projects";
import { startAppServer } from "../tests/helpers/app-server";
import { pngBomb, zeroZip } from "../tests/helpers/bombs";
import { freshDatabase } from "./fresh-database";

const MiB = 1024 * 1024;

/** RSS in bytes of `pid` and all its descendants. */
function treeRss(pid: number): number {
  let total = 0;
  const visit = (id: number) => {
    try {
      const status = readFileSync(`/proc/${id}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      return;
    }
    let children = "";
    try {
      children = execFileSync("pgrep", ["-P", String(id)], { encoding: "utf8" });
    } catch {
      // pgrep exits 1 when there are none.
    }
    for (const child of children.split("\n").filter(Boolean)) visit(Number(child));
  };
  visit(pid);
  return total;
}

/** Sends `totalMiB` MiB chunked (no Content-Length) until the server answers; resolves its status. */
function chunked(url: URL, totalMiB: number, headers: Record<string, string>): Promise<number> {
  const chunk = Buffer.alloc(MiB, 0x61);
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, { method: "POST", headers }, (response) => {
      answered = true;
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("error", () => !answered && resolve(-1));
    const write = () => {
      while (sent < totalMiB && !answered) {
        sent++;
        if (!request.write(chunk)) return void request.once("drain", write);
      }
      if (!answered) request.end();
    };
    write();
  });
}

async function main() {
  const database = await freshDatabase("bombs");
  const project = await createProject({ name: "bombs", labels: ["a", "b"] });
  const user = await db.user.create({
    data: { id: "bomb-researcher", name: "r", email: "r@bombs.invalid", role: "researcher" },
  });
  await db.projectMember.create({ data: { projectId: project.id, userId: user.id, role: "researcher" } });
  const { token } = await createApiToken(user.id, "bench");
  const auth = { authorization: `Bearer ${token}` };
  const png = await pngBomb(48, 2048);
  const zip = zeroZip([{ name: "zeros.png", mib: 1024 }]);
  type Target = {
    url: string;
    uploadUrl: URL;
    upload: (files: { name: string; data: Uint8Array<ArrayBuffer> }[]) => Promise<unknown>;
  };
  const join = (t: Target) => new URL("/api/auth/join", t.url);
  const json = { "content-type": "application/json" };
  const attacks: [string, (t: Target) => Promise<unknown>][] = [
    ["300 MiB chunked JSON to /api/auth/join (anonymous)", (t) => chunked(join(t), 300, json)],
    [
      "4 x 300 MiB chunked JSON to /api/auth/join at once",
      (t) => Promise.all(Array.from({ length: 4 }, () => chunked(join(t), 300, json))),
    ],
    [
      "540 MiB chunked upload, no Content-Length",
      (t) => chunked(t.uploadUrl, 540, { ...auth, "content-type": "multipart/form-data; boundary=x" }),
    ],
    [
      `zip of 1 GiB zeros (${(zip.length / 1024).toFixed(0)} KiB)`,
      (t) => t.upload([{ name: "bomb.zip", data: zip }]),
    ],
    [
      `PNG 48x48 whose data inflates to 2 GiB (${(png.length / MiB).toFixed(2)} MiB)`,
      (t) => t.upload([{ name: "bomb.png", data: new Uint8Array(png) }]),
    ],
  ];
  // A legitimate upload for comparison: FER2013Valid zipped (FERPLUS_DIR), when present.
  const valid = process.env.FERPLUS_DIR ? path.join(process.env.FERPLUS_DIR, "FER2013Valid") : null;
  if (valid && existsSync(valid)) {
    const names = readdirSync(valid).filter((name) => name.endsWith(".png"));
    const entries: Record<string, Uint8Array> = {};
    for (const name of names) entries[name] = readFileSync(path.join(valid, name));
    const validZip = Buffer.from(zipSync(entries, { level: 0 }));
    attacks.push([
      `legitimate: FER2013Valid zipped (${names.length} faces, ${(validZip.length / MiB).toFixed(1)} MiB)`,
      (t) => t.upload([{ name: "valid.zip", data: validZip }]),
    ]);
  }
  const results = [];
  // A fresh server per attack: each peak is measured against that server's own idle RSS.
  for (const [name, attack] of attacks) {
    const app = await startAppServer({ databaseUrl: database.url });
    const pid = app.process.pid!;
    const uploadUrl = new URL(`/api/projects/${project.id}/images`, app.url);
    const ping = async () => {
      const started = performance.now();
      await fetch(new URL(`/api/projects/${project.id}/models`, app.url), { headers: auth }).then((r) =>
        r.text(),
      );
      return performance.now() - started;
    };
    const upload = async (files: { name: string; data: Uint8Array<ArrayBuffer> }[]) => {
      const form = new FormData();
      for (const file of files) form.append("files", new File([file.data], file.name));
      const response = await fetch(uploadUrl, { method: "POST", headers: auth, body: form });
      const text = await response.text();
      return { status: response.status, last: text.trim().split("\n").at(-1)?.slice(0, 300) };
    };
    const target: Target = { url: app.url, uploadUrl, upload };
    // Warm up the routes used, so that idle includes the compiled routes and pools.
    for (let i = 0; i < 3; i++) await ping();
    await upload([{ name: "warm.zip", data: zeroZip([{ name: "w.txt", mib: 1 }]) }]);
    await chunked(join(target), 1, json);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle = treeRss(pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 25);
    let slowestPing = 0;
    let running = true;
    const pinger = (async () => {
      while (running) slowestPing = Math.max(slowestPing, await ping());
    })();
    const started = performance.now();
    const outcome = await attack(target);
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await pinger;
    clearInterval(sampler);
    peak = Math.max(peak, treeRss(pid));
    const row = {
      attack: name,
      outcome,
      seconds: Number(seconds.toFixed(2)),
      idleMiB: Number((idle / MiB).toFixed(1)),
      peakMiB: Number((peak / MiB).toFixed(1)),
      aboveIdleMiB: Number(((peak - idle) / MiB).toFixed(1)),
      slowestConcurrentRequestMs: Math.round(slowestPing),
    };
    console.log(JSON.stringify(row));
    results.push(row);
    await app.stop();
  }
  writeFileSync(
    "bench/results/bombs-rss.json",
    JSON.stringify(
      { measuredAt: new Date().toISOString(), loadAverage: os.loadavg(), cpus: os.cpus().length, results },
      null,
      2,
    ) + "\n",
  );
  await disconnectDb();
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
