// API tokens for scripts: random secrets shown once; only their sha256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db";

const PREFIX = "chorus_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token for a user; returns the secret (shown once) and its id. */
export async function createApiToken(userId: string, name: string): Promise<{ id: number; token: string }> {
  const token = PREFIX + randomBytes(24).toString("base64url");
  const row = await db.apiToken.create({ data: { userId, name, tokenHash: hashToken(token) } });
  return { id: row.id, token };
}

/** The token of an `Authorization: Bearer ...` header, or null when the request sends none. */
export function bearerToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  return authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : null;
}

/** The user id of a live token, or null. */
export async function userIdForApiToken(token: string): Promise<string | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) return null;
  // Best effort: a lost update of last_used_at must never fail the request.
  db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return row.userId;
}
