// Accounts: researchers and admins with a password (better-auth "credential" accounts), and
// password-less annotators created when they open an invite link.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import type { Role, User } from "../generated/prisma/client";
import { hashPassword } from "./passwords";
import { forgetUserSessions } from "./session-cache";

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(100),
  role: z.enum(["annotator", "researcher", "admin"]),
  password: z.string().min(8, "at least 8 characters").max(128),
});

export type CreateUserInput = z.input<typeof createUserSchema>;

/**
 * Creates a user who signs in with email + password (argon2id hash in accounts.password, the
 * layout better-auth's email sign-in reads). A taken email is a conflict naming `email`.
 */
export async function createUserWithPassword(input: CreateUserInput): Promise<User> {
  const data = createUserSchema.parse(input);
  const password = await hashPassword(data.password);
  const id = randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id, email: data.email, name: data.name, role: data.role, emailVerified: true },
      });
      await tx.account.create({
        data: { id: randomUUID(), userId: id, accountId: id, providerId: "credential", password },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `a user with email ${data.email} already exists`, { field: "email" });
    }
    throw error;
  }
}

/** Sets a new password for a user (admin action); creates the credential account when missing; 404 unknown user. */
export async function setUserPassword(userId: string, newPassword: string): Promise<void> {
  const password = await hashPassword(createUserSchema.shape.password.parse(newPassword));
  // Checked first: creating the account of an unknown user would be a foreign-key violation (a 500).
  if ((await db.user.count({ where: { id: userId } })) === 0) {
    throw new AppError("not_found", `user ${userId} not found`);
  }
  const updated = await db.account.updateMany({
    where: { userId, providerId: "credential" },
    data: { password },
  });
  if (updated.count === 0) {
    await db.account.create({
      data: { id: randomUUID(), userId, accountId: userId, providerId: "credential", password },
    });
  }
}

/**
 * Creates a password-less annotator (invite-link join) who is a member of `projectId`, in one
 * transaction. With a `workerId` (the crowd platform's id) the annotator belongs to that project
 * only (users.worker_project_id): a second creation for the same (project, worker id) fails with a
 * unique violation, which the caller resolves (lib/auth/annotators.ts).
 */
export async function createAnnotator(projectId: number, workerId: string | null): Promise<User> {
  const id = randomUUID();
  const name = workerId ? `worker ${workerId}` : `annotator ${id.slice(0, 8)}`;
  // better-auth requires a unique email; annotators have none, so they get an address that cannot receive mail.
  return db.user.create({
    data: {
      id,
      name,
      email: `${id}@annotators.chorus.invalid`,
      role: "annotator",
      workerId,
      workerProjectId: workerId ? projectId : null,
      memberships: { create: { projectId, role: "annotator" } },
    },
  });
}

/** Changes a user's global role (admins only, enforced by the caller). */
export async function setUserRole(userId: string, role: Role): Promise<User> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError("not_found", `user ${userId} not found`);
  const updated = await db.user.update({ where: { id: userId }, data: { role } });
  // Other web processes see the new role when their cached session expires (a few seconds).
  forgetUserSessions(userId);
  return updated;
}

/** Whether a Prisma error is a unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** PATCH /api/admin/users/{userId}. */
export const updateUserRequestSchema = createUserSchema.pick({ role: true, password: true }).partial();
