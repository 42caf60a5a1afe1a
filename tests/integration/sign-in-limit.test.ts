// Sign-in rate limits (issue 11, finding 5): a new X-Forwarded-For per request must not reset the
// count; limits hold per account and per client address, counted in the database.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { createUserWithPassword } from "../../lib/auth/users";
import { ACCOUNT_RULE, ADDRESS_RULE } from "../../lib/auth/sign-in-limit";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { authRequest } from "../helpers/auth-requests";

let spoofed = 0;

/** One sign-in attempt; `forwardedFor` is sent as X-Forwarded-For (a fresh fake address by default). */
async function signIn(email: string, password: string, forwardedFor = `198.51.100.${++spoofed % 250}`) {
  return authPost(
    authRequest("/sign-in/email", { email, password }, { headers: { "x-forwarded-for": forwardedFor } }),
  );
}

beforeAll(async () => {
  await createUserWithPassword({
    email: "res@example.org",
    name: "Res",
    role: "researcher",
    password: "right-password",
  });
});

beforeEach(async () => {
  await db.authRateLimit.deleteMany();
});

afterEach(() => {
  delete process.env.CHORUS_TRUST_PROXY;
  resetEnv();
});

describe("per account", () => {
  it("refuses the 11th attempt on one account with 429 and Retry-After, though every attempt forged a new address", async () => {
    for (let attempt = 1; attempt <= ACCOUNT_RULE.max; attempt++) {
      expect((await signIn("res@example.org", "wrong-password")).status).toBe(401);
    }
    const refused = await signIn("RES@example.org", "wrong-password");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(ACCOUNT_RULE.windowSeconds);
    // Even the right password waits: otherwise the limit would tell a guesser when they hit it.
    expect((await signIn("res@example.org", "right-password")).status).toBe(429);
    // The count is in the database, where every web process reads it.
    const row = await db.authRateLimit.findUnique({ where: { key: "sign-in:account:res@example.org" } });
    expect(row?.hits).toBe(ACCOUNT_RULE.max + 2);
  });

  it("lets exactly the allowed number through when attempts arrive at once", async () => {
    const statuses = await Promise.all(
      Array.from({ length: ACCOUNT_RULE.max + 8 }, () => signIn("res@example.org", "wrong-password")),
    );
    expect(statuses.filter((r) => r.status === 401)).toHaveLength(ACCOUNT_RULE.max);
    expect(statuses.filter((r) => r.status === 429)).toHaveLength(8);
  });
});

describe("per address", () => {
  it("without CHORUS_TRUST_PROXY, ignores X-Forwarded-For: no address is counted, only accounts", async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await signIn(`nobody${attempt}@example.org`, "wrong-password")).status).toBe(401);
    }
    expect(await db.authRateLimit.count({ where: { key: { startsWith: "sign-in:address:" } } })).toBe(0);
    expect(await db.authRateLimit.count({ where: { key: { startsWith: "sign-in:account:" } } })).toBe(3);
  });

  it("behind one trusted proxy, counts the address the proxy saw, not the client's own claims", async () => {
    process.env.CHORUS_TRUST_PROXY = "1";
    resetEnv();
    for (let attempt = 1; attempt <= ADDRESS_RULE.max; attempt++) {
      // The left entry is the client's claim, different each time; the proxy appended the real one.
      const status = (
        await signIn(`spray${attempt}@example.org`, "x-password", `10.0.0.${attempt}, 203.0.113.7`)
      ).status;
      expect(status).toBe(401);
    }
    expect((await signIn("spray-last@example.org", "x-password", "10.9.9.9, 203.0.113.7")).status).toBe(429);
    // Another client is not held back by the first one's attempts.
    expect((await signIn("res@example.org", "wrong-password", "203.0.113.8")).status).toBe(401);
  });
});
