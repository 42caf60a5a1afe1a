// The better-auth instance: email + password sign-in for researchers and admins (argon2id), the
// invite-link join for annotators (join-plugin.ts), sessions in PostgreSQL through our one Prisma
// client. Sign-up is closed: admins create accounts (lib/auth/users.ts).
import "server-only";
import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware } from "better-auth/api";
import { db } from "../db";
import { env } from "../env";
import { joinPlugin } from "./join-plugin";
import { hashPassword, verifyPassword } from "./passwords";
import { forgetSessionCookie } from "./session-cache";
import { authSecret } from "./secret";
import { signInLimitPlugin } from "./sign-in-limit";

function createAuth() {
  const publicUrl = env().CHORUS_URL;
  return betterAuth({
    appName: "Chorus",
    // Unset: better-auth takes the origin of each request (local use, tests on random ports).
    baseURL: publicUrl,
    secret: authSecret(),
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(hash, password) },
    },
    user: {
      additionalFields: {
        // Read with the session, so that a request needs no second query for the viewer.
        role: { type: "string", input: false, defaultValue: "annotator" },
        workerId: { type: "string", input: false, required: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    advanced: {
      // Secure (https-only) cookies exactly when the public URL is https; plain http on localhost otherwise.
      useSecureCookies: publicUrl?.startsWith("https://") ?? false,
      // Our id columns have no database default, so ids are made here.
      database: { generateId: () => randomUUID() },
      // Without a trusted proxy X-Forwarded-For is the client's own claim: better-auth must not
      // record it on sessions nor key its limits on it (lib/auth/client-address.ts).
      ipAddress: { disableIpTracking: env().CHORUS_TRUST_PROXY === 0 },
    },
    // Crowd launches send many joins from one proxy address. better-auth's own limits are per
    // process; sign-in is limited per account and address in the database (sign-in-limit.ts).
    rateLimit: { customRules: { "/join": { window: 60, max: 600 } } },
    plugins: [joinPlugin(), signInLimitPlugin()],
    // Sign-out and revocations through this process end the cached session at once (session-cache.ts).
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-out" || ctx.path.startsWith("/revoke-session")) {
          forgetSessionCookie(ctx.headers?.get("cookie") ?? null);
        }
      }),
    },
  });
}

type Auth = ReturnType<typeof createAuth>;

// One instance per database URL, like lib/db.ts: test files each point DATABASE_URL at their own database.
const globalForAuth = globalThis as unknown as { chorusAuth?: { url: string | undefined; auth: Auth } };

/** The better-auth instance of this process. */
export function getAuth(): Auth {
  const url = env().DATABASE_URL;
  if (!globalForAuth.chorusAuth || globalForAuth.chorusAuth.url !== url) {
    globalForAuth.chorusAuth = { url, auth: createAuth() };
  }
  return globalForAuth.chorusAuth.auth;
}
