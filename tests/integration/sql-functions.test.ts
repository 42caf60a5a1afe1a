// prisma/sql, the home of every SQL function and trigger (lib/database/sql-functions.ts): complete,
// applied once by concurrent migrators, re-applied when a file changes, all or nothing.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate, readMigrations } from "../../lib/database/migrate";
import { applySqlFiles, readSqlFiles, SQL_DIR, sqlSetChecksum } from "../../lib/database/sql-functions";

const url = () => process.env.DATABASE_URL!;
let dir: string;
let client: pg.Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "chorus-sql-"));
  await cp(SQL_DIR, dir, { recursive: true });
  client = new pg.Client({ connectionString: url() });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await rm(dir, { recursive: true, force: true });
});

const probe = async () => (await client.query<{ v: number }>("SELECT chorus_probe() AS v")).rows[0]!.v;
const writeProbe = (value: number) =>
  writeFile(
    path.join(dir, "99_chorus_probe.sql"),
    `CREATE OR REPLACE FUNCTION chorus_probe() RETURNS INTEGER LANGUAGE sql AS $$ SELECT ${value} $$;\n`,
  );

describe("prisma/sql", () => {
  it("holds every SQL function and trigger of a migrated database, one file each", async () => {
    const files = await readSqlFiles();
    const functions = await client.query<{ name: string }>(
      `SELECT p.proname AS name FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
       AND p.proname <> 'chorus_sql_checksum' ORDER BY 1`,
    );
    const triggers = await client.query<{ name: string }>(
      `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
    );
    expect(functions.rows.length).toBeGreaterThanOrEqual(10);
    expect(triggers.rows.length).toBeGreaterThanOrEqual(6);
    for (const { name } of functions.rows) {
      const homes = files.filter((f) => new RegExp(`CREATE OR REPLACE FUNCTION ${name}\\(`).test(f.sql));
      expect(
        homes.map((f) => f.name),
        name,
      ).toEqual([expect.stringContaining(name)]);
    }
    for (const { name } of triggers.rows) {
      const homes = files.filter((f) => new RegExp(`CREATE OR REPLACE TRIGGER ${name} `).test(f.sql));
      expect(homes.length, name).toBe(1);
    }
    for (const file of files) {
      expect(file.sql, file.name).toMatch(/^-- /);
      expect(file.sql, file.name).toMatch(/Why SQL:/);
    }
  });

  it("applies a new set once when four migrators start together", async () => {
    await writeProbe(1);
    const files = await readSqlFiles(dir);
    const checksum = sqlSetChecksum(files, ["concurrent"]);
    const clients = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const c = new pg.Client({ connectionString: url() });
        await c.connect();
        return c;
      }),
    );
    try {
      const applied = await Promise.all(clients.map((c) => applySqlFiles(c, files, checksum)));
      expect(applied.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    expect(await probe()).toBe(1);
  });

  it("re-applies a changed file on the next start and skips an unchanged set", async () => {
    await writeProbe(2);
    expect(await migrate(url(), MIGRATIONS_DIR, dir)).toEqual([]);
    expect(await probe()).toBe(2);
    const checksum = sqlSetChecksum(
      await readSqlFiles(dir),
      (await readMigrations()).map((m) => m.name),
    );
    expect(await applySqlFiles(client, await readSqlFiles(dir), checksum)).toBe(false);
  });

  it("applies all files or none", async () => {
    await writeProbe(3);
    await writeFile(path.join(dir, "99_zz_broken.sql"), "CREATE OR REPLACE FUNCTION chorus_broken( AS;\n");
    await expect(migrate(url(), MIGRATIONS_DIR, dir)).rejects.toThrow(
      /prisma\/sql\/99_zz_broken\.sql failed/,
    );
    expect(await probe()).toBe(2);
    await rm(path.join(dir, "99_zz_broken.sql"));
    expect(await readFile(path.join(dir, "99_chorus_probe.sql"), "utf8")).toContain("SELECT 3");
  });
});
