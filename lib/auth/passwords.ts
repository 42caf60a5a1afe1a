// Password hashing: argon2id (RFC 9106) via @node-rs/argon2, used by better-auth's sign-in and by
// createUserWithPassword. Parameters follow OWASP's password storage cheat sheet (19 MiB, t=2, p=1).
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash (PHC string) of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches the PHC `hashed` string; a malformed hash is a mismatch, not a crash. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}
