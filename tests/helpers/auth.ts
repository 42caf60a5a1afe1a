// Test users with real credentials: each gets an API token, sent as `Authorization: Bearer`, so
// route handlers can be called directly with a Request.
import { randomUUID } from "node:crypto";
import { createApiToken } from "../../lib/auth/api-tokens";
import { db } from "../../lib/db";
import type { Role } from "../../lib/generated/prisma/client";

export interface TestUser {
  id: string;
  role: Role;
  token: string;
  headers: Headers;
}

/** Creates a user of `role`, optionally a member of `projectId` in that role, with an API token. */
export async function createTestUser(role: Role, options: { projectId?: number } = {}): Promise<TestUser> {
  const id = randomUUID();
  await db.user.create({
    data: { id, name: `${role} ${id.slice(0, 6)}`, email: `${id}@test.invalid`, role },
  });
  if (options.projectId) {
    await db.projectMember.create({ data: { projectId: options.projectId, userId: id, role } });
  }
  const { token } = await createApiToken(id, "test");
  return { id, role, token, headers: new Headers({ authorization: `Bearer ${token}` }) };
}
