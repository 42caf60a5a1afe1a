// The migration that scopes worker ids to one project (issue 11, finding 1) on a database that
// already holds worker-id annotators: single-project workers keep re-entry by worker id, the
// duplicates of the old join race and multi-project workers do not (and the unique index builds).
import { cp, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "../../lib/database/migrate";
import { createDatabaseIfMissing, withDatabase } from "../../lib/database/setup";

const SCOPING = "20261201163000_worker_identity_per_project";

/** A migrations folder holding only the migrations before the scoping one. */
async function migrationsBefore(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "chorus-migrations-"));
  for (const entry of await readdir(MIGRATIONS_DIR, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name < name) {
      await cp(path.join(MIGRATIONS_DIR, entry.name), path.join(dir, entry.name), { recursive: true });
    }
  }
  return dir;
}

describe("worker identity migration", () => {
  it("scopes single-project workers, the oldest of duplicates only, and leaves multi-project workers unscoped", async () => {
    const adminUrl = inject("adminUrl");
    const name = `${inject("databasePrefix")}workers_${Date.now()}`;
    await createDatabaseIfMissing(adminUrl, name);
    const url = withDatabase(adminUrl, name);
    await migrate(url, await migrationsBefore(SCOPING));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`INSERT INTO projects (id, name, labels) VALUES (1, 'A', '{x}'), (2, 'B', '{x}')`);
      const users: [string, string, string][] = [
        ["single", "W1", "2026-01-01"],
        ["dup-old", "W2", "2026-01-01"],
        ["dup-new", "W2", "2026-01-02"],
        ["multi", "W3", "2026-01-01"],
      ];
      for (const [id, worker, created] of users) {
        await client.query(
          `INSERT INTO users (id, name, email, role, worker_id, created_at) VALUES ($1, $1, $1 || '@x.invalid', 'annotator', $2, $3)`,
          [id, worker, created],
        );
      }
      await client.query(
        `INSERT INTO project_members (project_id, user_id, role) VALUES
           (1, 'single', 'annotator'), (1, 'dup-old', 'annotator'), (1, 'dup-new', 'annotator'),
           (1, 'multi', 'annotator'), (2, 'multi', 'annotator')`,
      );

      expect(await migrate(url)).toContain(SCOPING);
      const { rows } = await client.query<{ id: string; worker_project_id: number | null }>(
        "SELECT id, worker_project_id FROM users ORDER BY id",
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.worker_project_id]))).toEqual({
        single: 1,
        "dup-old": 1,
        "dup-new": null,
        multi: null,
      });
    } finally {
      await client.end();
    }
  });
});
