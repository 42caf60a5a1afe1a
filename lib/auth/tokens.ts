// API tokens as their owners manage them: list (never the secret), create (secret shown once), revoke.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { createApiToken } from "./api-tokens";

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });

/** The user's tokens, newest first, without secrets. */
export function listApiTokens(userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Creates a token named `name`; the secret is in the result only. */
export async function createNamedToken(userId: string, input: unknown) {
  const { name } = createTokenSchema.parse(input);
  return { ...(await createApiToken(userId, name)), name };
}

/** Revokes one of the user's tokens; someone else's token is 404, as if it did not exist. */
export async function revokeApiToken(userId: string, tokenId: number) {
  const token = await db.apiToken.findFirst({ where: { id: tokenId, userId } });
  if (!token) throw new AppError("not_found", `token ${tokenId} not found`);
  return db.apiToken.update({
    where: { id: tokenId },
    data: { revokedAt: token.revokedAt ?? new Date() },
    select: { id: true, revokedAt: true },
  });
}
