// Ctrl-C during `chorus train` on the CLI's own embedded PostgreSQL (no DATABASE_URL). The terminal
// sends SIGINT to the whole process group and npm relays it again, so the process gets it twice.
// The run must stop after its step, record why on the model row, exit 130 with one line, and stop
// its PostgreSQL: no server left holding the port.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/database/embedded";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on the port (a listener of our own can bind it). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function chorus(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  return spawn(process.execPath, ["--import", "tsx", "bin/chorus.ts", ...args], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

describe("Ctrl-C during chorus train on the embedded PostgreSQL", () => {
  it("stops after the step, records why, exits 130 and stops its PostgreSQL", async () => {
    // Reachable by the `postgres` user when tests run as root (see embedded-postgres.test.ts).
    const home = await mkdtemp(path.join(os.tmpdir(), "chorus-interrupt-"));
    await chmod(home, 0o755);
    cleanup.push(() => rm(home, { recursive: true, force: true }));
    const port = await freePort();
    const env = { CHORUS_HOME: home, CHORUS_PG_PORT: String(port) };

    const seed = chorus(["seed", "--synthetic", "40", "--project", "stop-me", "--json"], env);
    expect(await new Promise((resolve) => seed.once("exit", resolve))).toBe(0);

    const train = chorus(
      [
        "train",
        "--project",
        "stop-me",
        "--paradigm",
        "soft",
        "--model-size",
        "tiny",
        "--batch-size",
        "4",
        "--epochs",
        "500",
        "--threads",
        "1",
        "--skip-predictions",
      ],
      env,
    );
    cleanup.push(async () => train.kill("SIGKILL"));
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => train.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      train.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/epoch 1:/.test(stderr)) resolve();
      }),
    );
    train.kill("SIGINT");
    setTimeout(() => train.kill("SIGINT"), 20);

    expect(await exited, stderr).toBe(130);
    expect(stderr).toMatch(/chorus train: interrupted\n/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await portIsFree(port)).toBe(true);

    // The row says why, written before the database stopped.
    const server = await startEmbeddedPostgres({ dataDir: path.join(home, "pgdata"), port });
    cleanup.push(() => server.stop());
    const client = new pg.Client({ connectionString: server.adminUrl.replace(/\/postgres$/, "/chorus") });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; error: string }>(
        "SELECT status, error FROM model_versions",
      );
      expect(rows).toEqual([{ status: "failed", error: "interrupted: interrupted from the terminal" }]);
    } finally {
      await client.end();
    }
  }, 180_000);
});
