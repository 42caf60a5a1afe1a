// Before each integration test file: a fresh database of its own, cloned from the migrated
// template, and DATABASE_URL pointing at it (lib/db.ts picks it up on first use).
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { createDatabaseIfMissing, withDatabase } from "../../lib/database/setup";

const adminUrl = inject("adminUrl");
const name = `${inject("databasePrefix")}${randomBytes(4).toString("hex")}`;
await createDatabaseIfMissing(adminUrl, name, inject("templateDatabase"));
process.env.DATABASE_URL = withDatabase(adminUrl, name);
process.env.CHORUS_TEST_ADMIN_URL = adminUrl;
resetEnv();

afterAll(async () => {
  await disconnectDb();
});
