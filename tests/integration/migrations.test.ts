import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "../../lib/database/migrate";
import { appliedChecksum, readSqlFiles, sqlSetChecksum } from "../../lib/database/sql-functions";
import { createDatabaseIfMissing, withDatabase } from "../../lib/database/setup";

describe("migrations", () => {
  it("apply to an empty database, record Prisma's bookkeeping, and are idempotent", async () => {
    const adminUrl = inject("adminUrl");
    const name = `${inject("databasePrefix")}empty_${Date.now()}`;
    await createDatabaseIfMissing(adminUrl, name);
    const url = withDatabase(adminUrl, name);
    const migrations = await readMigrations();
    expect(await migrate(url)).toEqual(migrations.map((m) => m.name));
    expect(await migrate(url)).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
      expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
      expect(rows.every((r) => r.applied_steps_count === 1 && r.finished_at)).toBe(true);
      const tables = await client.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(["projects", "images", "image_blobs", "votes", "users"]),
      );
    } finally {
      await client.end();
    }
  });

  it("apply once when several processes start at once (advisory lock)", async () => {
    // Web processes and workers of one deployment migrate on start; four at once on an empty
    // database must apply each migration exactly once between them, without an error, and leave
    // the SQL functions of prisma/sql applied (replacing them side by side would fail with
    // "tuple concurrently updated").
    const adminUrl = inject("adminUrl");
    const name = `${inject("databasePrefix")}race_${Date.now()}`;
    await createDatabaseIfMissing(adminUrl, name);
    const url = withDatabase(adminUrl, name);
    const migrations = await readMigrations();
    const applied = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)]);
    expect(applied.flat().sort()).toEqual(migrations.map((m) => m.name).sort());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0].n).toBe(migrations.length);
      const files = await readSqlFiles();
      expect(await appliedChecksum(client)).toBe(
        sqlSetChecksum(
          files,
          migrations.map((m) => m.name),
        ),
      );
    } finally {
      await client.end();
    }
  });
});
