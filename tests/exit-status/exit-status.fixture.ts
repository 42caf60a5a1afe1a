// Run only by scripts/check-test-exit.sh (never by `npm test`): one test that fails when
// CHORUS_FIXTURE_SHOULD_FAIL=1 and passes otherwise, with the integration project's database
// setup, so the script can check that a failing run exits non-zero and a passing one exits 0.
import { expect, test } from "vitest";
import { db } from "../../lib/db";

test("reaches the database and fails on request", async () => {
  const [row] = await db.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;
  expect(row?.one).toBe(1);
  expect(process.env.CHORUS_FIXTURE_SHOULD_FAIL ?? "0").toBe("0");
});
