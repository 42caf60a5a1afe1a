// Migration 20261201163000_pause_per_project on a database holding global pauses: each pause moves
// onto every membership of its user, and votes that count again (the user's votes in a project they
// are not a member of) are recounted.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "../../lib/database/migrate";
import { createDatabaseIfMissing, withDatabase } from "../../lib/database/setup";

const MIGRATION = "20261201163000_pause_per_project";

describe(`migration ${MIGRATION}`, () => {
  it("carries users.paused_at over to the user's memberships and recounts", async () => {
    const adminUrl = inject("adminUrl");
    const url = withDatabase(adminUrl, `${inject("databasePrefix")}pausemig_${Date.now()}`);
    await createDatabaseIfMissing(adminUrl, new URL(url).pathname.slice(1));
    // The migrations before this one, applied alone; then this one alone (later ones may follow it).
    const upTo = async (last: string) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "chorus-migrations-"));
      for (const name of await readdir(MIGRATIONS_DIR)) {
        if (name <= last)
          await cp(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
      }
      try {
        return await migrate(url, dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    const names = (await readdir(MIGRATIONS_DIR)).filter((name) => name < MIGRATION).sort();
    await upTo(names[names.length - 1]!);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
      await q(`INSERT INTO users (id, name, email, role, paused_at) VALUES
        ('paused', 'P', 'p@x.invalid', 'annotator', '2026-11-30 12:00'),
        ('active', 'A', 'a@x.invalid', 'annotator', NULL)`);
      await q(
        `INSERT INTO projects (id, name, labels, target_votes) VALUES (1, 'one', '{a,b}', 3), (2, 'two', '{a,b}', 3)`,
      );
      await q(`INSERT INTO project_members (project_id, user_id, role) VALUES
        (1, 'paused', 'annotator'), (1, 'active', 'annotator')`);
      await q(`INSERT INTO image_blobs (sha256, data, width, height, format, byte_size)
        VALUES ('${"m".repeat(64)}', '\\x01', 1, 1, 'png', 1)`);
      await q(`INSERT INTO images (id, project_id, sha256, external_name, counts) VALUES
        (1, 1, '${"m".repeat(64)}', 'a.png', '{0,0}'), (2, 2, '${"m".repeat(64)}', 'b.png', '{0,0}')`);
      // Project 2: the paused user votes without being a member (the old pause still excluded it).
      await q(`INSERT INTO votes (project_id, image_id, annotator_id, label) VALUES
        (1, 1, 'paused', 0), (1, 1, 'active', 1), (2, 2, 'paused', 1)`);
      const counts = async (id: number) =>
        (await q("SELECT counts FROM images WHERE id = $1", [id])).rows[0].counts;
      expect(await counts(1)).toEqual([0, 1]);
      expect(await counts(2)).toEqual([0, 0]);

      expect(await upTo(MIGRATION)).toEqual([MIGRATION]);
      const members = await q("SELECT user_id, paused_at FROM project_members ORDER BY user_id");
      expect(members.rows).toEqual([
        { user_id: "active", paused_at: null },
        { user_id: "paused", paused_at: expect.any(Date) },
      ]);
      expect(await counts(1)).toEqual([0, 1]);
      expect(await counts(2)).toEqual([0, 1]);
      const column = await q(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'paused_at'",
      );
      expect(column.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
