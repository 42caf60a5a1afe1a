// The embedded PostgreSQL (used when DATABASE_URL is unset) starts, keeps data across a restart, stops.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/database/embedded";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("starts, keeps data across a restart, and stops", async () => {
    // In the system temp folder: when tests run as root, PostgreSQL runs as the `postgres` user,
    // which must be able to reach the folder.
    const parent = await mkdtemp(path.join(os.tmpdir(), "chorus-embedded-"));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, "pgdata");
    const port = await freePort();
    try {
      const first = await startEmbeddedPostgres({ dataDir, port });
      await query(first.adminUrl, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('survives')");
      await first.stop();
      await expect(query(first.adminUrl, "SELECT 1")).rejects.toThrow();

      const second = await startEmbeddedPostgres({ dataDir, port });
      expect(await query<{ value: string }>(second.adminUrl, "SELECT value FROM kept")).toEqual([
        { value: "survives" },
      ]);
      await second.stop();
    } finally {
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
