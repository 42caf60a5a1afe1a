// Demo accounts and an annotator invite for the seeded demo project, created on first start and
// printed at every start so a new user knows how to sign in.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { createInvite } from "../auth/invites";
import { createUserWithPassword } from "../auth/users";
import { db } from "../db";
import { chorusPath } from "../env";

const accessSchema = z.object({
  projectId: z.number(),
  accounts: z.array(z.object({ role: z.string(), email: z.string(), password: z.string() })),
  inviteToken: z.string(),
});

type DemoAccess = z.infer<typeof accessSchema>;

const file = () => chorusPath("demo-access.json");

/** Creates an admin and a researcher (owner of the demo project) and an invite link for annotators. */
export async function createDemoAccess(projectId: number): Promise<DemoAccess> {
  const accounts = [
    { role: "admin" as const, email: "admin@chorus.local", name: "Demo admin" },
    { role: "researcher" as const, email: "researcher@chorus.local", name: "Demo researcher" },
  ].map((account) => ({ ...account, password: randomBytes(9).toString("base64url") }));
  const users = [];
  for (const account of accounts) users.push(await createUserWithPassword(account));
  const researcher = users[1]!;
  await db.project.update({ where: { id: projectId }, data: { ownerId: researcher.id } });
  await db.projectMember.create({ data: { projectId, userId: researcher.id, role: "researcher" } });
  const invite = await createInvite(projectId, researcher.id);
  const access: DemoAccess = {
    projectId,
    accounts: accounts.map(({ role, email, password }) => ({ role, email, password })),
    inviteToken: invite.token,
  };
  mkdirSync(path.dirname(file()), { recursive: true });
  writeFileSync(file(), JSON.stringify(access, null, 2), { mode: 0o600 });
  return access;
}

/** Prints how to sign in to the demo, when this installation created one. */
export async function printDemoAccess(baseUrl: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(file())) return;
  const parsed = accessSchema.safeParse(JSON.parse(readFileSync(file(), "utf8")));
  if (!parsed.success) return;
  const access = parsed.data;
  log("demo accounts (sign in at " + `${baseUrl}/signin):`);
  for (const account of access.accounts)
    log(`  ${account.role.padEnd(10)} ${account.email}  password: ${account.password}`);
  log(`annotator invite link: ${baseUrl}/join/${access.inviteToken}?workerId=demo-worker`);
}
