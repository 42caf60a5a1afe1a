// Invite links: a researcher makes a link per project; anyone who opens it becomes an annotator of
// that project. Crowd platforms append their worker id (`?workerId=...`), which names an annotator
// of that project only (lib/auth/annotators.ts).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import type { Invite, User } from "../generated/prisma/client";
import { annotatorForJoin } from "./annotators";

export const workerIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, "worker ids use letters, digits and _ . : @ -");

export const joinSchema = z.object({
  token: z.string().min(1).max(200),
  workerId: workerIdSchema.optional(),
});

/** The public link of an invite token (CHORUS_URL when set, else a path relative to the site). */
export function inviteUrl(token: string): string {
  const base = env().CHORUS_URL?.replace(/\/$/, "") ?? "";
  return `${base}/join/${token}`;
}

/** Creates an invite link for a project. */
export async function createInvite(
  projectId: number,
  createdById: string,
  expiresAt?: Date,
): Promise<Invite> {
  const token = randomBytes(18).toString("base64url");
  return db.invite.create({ data: { projectId, createdById, token, expiresAt } });
}

/** A project's invites, newest first, with the number of annotators who joined the project. */
export function listInvites(projectId: number): Promise<Invite[]> {
  return db.invite.findMany({ where: { projectId }, orderBy: { createdAt: "desc" } });
}

/** Revokes an invite of the project; the link stops working, annotators who joined stay. */
export async function revokeInvite(projectId: number, inviteId: number): Promise<Invite> {
  const invite = await db.invite.findFirst({ where: { id: inviteId, projectId } });
  if (!invite) throw new AppError("not_found", `invite ${inviteId} not found`);
  return db.invite.update({ where: { id: inviteId }, data: { revokedAt: invite.revokedAt ?? new Date() } });
}

/** The live invite of a token with its project; 404 unknown, 410 revoked or expired. */
export async function findLiveInvite(token: string) {
  // A NUL byte (from a /join/<token> URL) cannot reach PostgreSQL text; no token holds one.
  if (token.includes("\u0000")) throw new AppError("not_found", "this invite link does not exist");
  const invite = await db.invite.findUnique({
    where: { token },
    include: { project: { select: { id: true, name: true } } },
  });
  if (!invite) throw new AppError("not_found", "this invite link does not exist");
  if (invite.revokedAt || (invite.expiresAt && invite.expiresAt <= new Date())) {
    throw new AppError("gone", "this invite link is no longer valid; ask the researcher for a new one");
  }
  return invite;
}

/**
 * Joins the invite's project as an annotator: who that annotator is (worker id, session, or new)
 * is decided by annotatorForJoin (lib/auth/annotators.ts), the one home of the identity model.
 */
export async function joinWithInvite(input: {
  token: string;
  workerId?: string;
  currentUser?: Pick<User, "id" | "role"> | null;
}): Promise<{ user: User; projectId: number }> {
  const { token, workerId } = joinSchema.parse({ token: input.token, workerId: input.workerId });
  const invite = await findLiveInvite(token);
  const user = await annotatorForJoin({
    projectId: invite.projectId,
    workerId,
    currentUserId: input.currentUser?.role === "annotator" ? input.currentUser.id : null,
  });
  return { user, projectId: invite.projectId };
}

/** POST /api/projects/{id}/invites. */
export const createInviteRequestSchema = z.object({
  expiresInDays: z.number().int().min(1).max(365).optional(),
});
