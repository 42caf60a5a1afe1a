// The secret better-auth signs session cookies with. BETTER_AUTH_SECRET wins; otherwise a random
// secret is created once under CHORUS_HOME and reused, so sessions survive restarts and no
// guessable default ever signs a cookie.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chorusPath, env } from "../env";

let cached: string | undefined;

/** The cookie-signing secret (at least 32 characters). */
export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().BETTER_AUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = chorusPath("auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      // "wx": two processes starting together must agree on one secret, so the loser reads the winner's.
      writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      cached = secret;
    } catch {
      cached = readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
