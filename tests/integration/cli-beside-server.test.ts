// The CLI beside a running `npm start` (no DATABASE_URL, same CHORUS_HOME): it uses the embedded
// PostgreSQL already running on that folder and leaves it running; when the port belongs to some
// other program it says in one line what to set, without a stack trace.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../lib/database/embedded";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs `npm run -s chorus -- <args>` as a user would, without DATABASE_URL. */
function chorus(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "bin/chorus.ts", ...args], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

async function tempHome(): Promise<string> {
  // Reachable by the `postgres` user when tests run as root (see embedded-postgres.test.ts).
  const home = await mkdtemp(path.join(os.tmpdir(), "chorus-cli-"));
  await chmod(home, 0o755);
  return home;
}

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

describe("the CLI beside a running server", () => {
  it("uses the embedded PostgreSQL running on the same CHORUS_HOME and leaves it running", async () => {
    const home = await tempHome();
    cleanup.push(() => rm(home, { recursive: true, force: true }));
    const port = await freePort();
    // What `npm start` holds while it runs.
    const server: EmbeddedServer = await startEmbeddedPostgres({ dataDir: path.join(home, "pgdata"), port });
    cleanup.push(() => server.stop());

    // CHORUS_PG_PORT left at its default: the running server's port comes from its data folder.
    const result = await chorus(["seed", "--synthetic", "6", "--project", "beside", "--json"], {
      CHORUS_HOME: home,
    });
    expect(result.stderr).not.toMatch(/in use/);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1)!)).toMatchObject({ images: 6 });
    expect(result.stderr).toMatch(/already running/);

    const client = new pg.Client({ connectionString: server.adminUrl.replace(/\/postgres$/, "/chorus") });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM images");
      expect(rows[0]!.n).toBe(6);
    } finally {
      await client.end();
    }
  }, 120_000);

  it("says in one line what to set when the port belongs to another program", async () => {
    const home = await tempHome();
    cleanup.push(() => rm(home, { recursive: true, force: true }));
    const stranger = net.createServer();
    const port = await new Promise<number>((resolve) =>
      stranger.listen(0, "127.0.0.1", () => resolve((stranger.address() as net.AddressInfo).port)),
    );
    cleanup.push(() => new Promise((resolve) => stranger.close(resolve)));
    const result = await chorus(["stats", "--project", "x"], {
      CHORUS_HOME: home,
      CHORUS_PG_PORT: String(port),
    });
    expect(result.code).toBe(1);
    const lines = result.stderr
      .trim()
      .split("\n")
      .filter((line) => !line.startsWith("starting embedded"));
    expect(lines).toEqual([expect.stringMatching(/^chorus stats: port \d+ .* in use .*CHORUS_PG_PORT/)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
