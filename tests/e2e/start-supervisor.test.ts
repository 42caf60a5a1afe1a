// `npm start` (bin/start.ts) as a supervisor: several Next.js processes behind one port; a crashed
// web process, or the whole web tier, comes back by itself without taking the worker down; SIGTERM
// stops everything cleanly.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { processTree } from "../../bench/proc-cpu";
import { buildApp, freePort } from "../helpers/app-server";

const children: number[] = [];

afterAll(() => {
  for (const pid of children) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already stopped.
    }
  }
});

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  seconds = 90,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("npm start supervisor", () => {
  it("restarts a crashed web process and a crashed web tier, and stops cleanly on SIGTERM", async () => {
    const distDir = await buildApp();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        CHORUS_WEB_PROCESSES: "2",
        CHORUS_HOME: mkdtempSync(path.join(os.tmpdir(), "chorus-start-")),
        NEXT_DIST_DIR: distDir,
        NODE_ENV: "production",
      },
      stdio: "ignore",
      detached: true,
    });
    children.push(start.pid!);
    // A new connection each time (no keep-alive to a process that was just killed), never hanging.
    const answers = () =>
      new Promise<true | undefined>((resolve) => {
        const request = http.get(`${url}/api/auth/ok`, { agent: false, timeout: 3000 }, (response) => {
          response.resume();
          resolve((response.statusCode ?? 500) < 500 ? true : undefined);
        });
        request.on("timeout", () => request.destroy());
        request.on("error", () => resolve(undefined));
      });
    const find = (pattern: string) =>
      processTree(start.pid!).filter((pid) => commandLine(pid).includes(pattern));
    // `next start` renames its process (process.title "next-server (v...)"), which rewrites its cmdline.
    const nextProcesses = () => [...find("next/dist/bin/next"), ...find("next-server")];

    await until("the web tier", answers, 180);
    await until("two web processes", () => (nextProcesses().length === 2 ? true : undefined));
    const [worker] = find("workers/main.ts");
    expect(worker).toBeDefined();

    // One Next.js process crashes: the other keeps answering, and a new one takes its place.
    const [victim] = nextProcesses();
    process.kill(victim!, "SIGKILL");
    // A kept-alive connection to the dead process may fail once; a new one lands on the living one.
    await until("an answer after the crash", answers, 30);
    await until("a replacement web process", () => {
      const current = nextProcesses();
      return current.length === 2 && !current.includes(victim!) ? true : undefined;
    });

    // The whole web tier crashes: it comes back; the worker was never stopped.
    const [tier] = find("bin/web-server.ts");
    process.kill(tier!, "SIGKILL");
    await until("the web tier's restart", () => {
      const current = find("bin/web-server.ts");
      return current.length === 1 && current[0] !== tier ? true : undefined;
    });
    await until("the web tier answering again", answers);
    expect(find("workers/main.ts")).toEqual([worker]);

    const tree = processTree(start.pid!);
    const exited = new Promise<number | null>((resolve) => start.once("exit", resolve));
    process.kill(start.pid!, "SIGTERM");
    expect(await exited).toBe(0);
    await until("every child to stop", () =>
      tree.every((pid) => commandLine(pid) === "" || !commandLine(pid).includes("node")) ? true : undefined,
    );
  }, 400_000);
});
