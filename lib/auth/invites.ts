// Invite links: a researcher makes a link per project; anyone who opens it becomes an annotator of
// that project. Crowd platforms append their worker id (`?workerId=...`), kept on the annotator.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import type { Invite, User } from "../generated/prisma/client";
import { createAnnotator } from "./users";

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
 * Joins the invite's project as an annotator. The annotator is, in order: the signed-in annotator
 * (`currentUser`), the annotator already holding this `workerId` (a worker returning on another
 * device must not become a second annotator and vote twice on an image), or a new annotator.
 */
export async function joinWithInvite(input: {
  token: string;
  workerId?: string;
  currentUser?: Pick<User, "id" | "role"> | null;
}): Promise<{ user: User; projectId: number }> {
  const { token, workerId } = joinSchema.parse({ token: input.token, workerId: input.workerId });
  const invite = await findLiveInvite(token);
  let user: User | null = null;
  if (input.currentUser?.role === "annotator") {
    user = await db.user.findUnique({ where: { id: input.currentUser.id } });
  }
  if (!user && workerId) {
    user = await db.user.findFirst({ where: { workerId, role: "annotator" }, orderBy: { createdAt: "asc" } });
  }
  user ??= await createAnnotator(workerId ?? null);
  if (workerId && !user.workerId) user = await db.user.update({ where: { id: user.id }, data: { workerId } });
  await db.projectMember.upsert({
    where: { projectId_userId: { projectId: invite.projectId, userId: user.id } },
    create: { projectId: invite.projectId, userId: user.id, role: "annotator" },
    update: {},
  });
  return { user, projectId: invite.projectId };
}

/** POST /api/projects/{id}/invites. */
export const createInviteRequestSchema = z.object({
  expiresInDays: z.number().int().min(1).max(365).optional(),
});
