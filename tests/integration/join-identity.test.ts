// Invite links and worker ids (issue 11): an invite can never hand out a session for another
// project's annotator (finding 1), and concurrent joins of one new worker make one annotator
// (finding 6).
import { describe, expect, it } from "vitest";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { GET as votesGet } from "../../app/api/projects/[id]/votes/route";
import { getViewer } from "../../lib/auth/guard";
import { createInvite } from "../../lib/auth/invites";
import { db } from "../../lib/db";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { createTestUser } from "../helpers/auth";
import { authRequest, cookieOf, ORIGIN } from "../helpers/auth-requests";

interface Joined {
  userId: string;
  projectId: number;
}

async function join(token: string, workerId?: string, cookie?: string) {
  const response = await authPost(authRequest("/join", { token, workerId }, { cookie }));
  const body = (await response.json()) as Joined;
  return { status: response.status, body, cookie: cookieOf(response) || cookie || "" };
}

async function twoProjects(prefix: string) {
  const owner = await createTestUser("researcher");
  const a = await createProjectWithImages({
    name: `${prefix} A`,
    labels: ["x", "y"],
    images: 1,
    ownerId: owner.id,
  });
  const b = await createProjectWithImages({
    name: `${prefix} B`,
    labels: ["x", "y"],
    images: 1,
    ownerId: owner.id,
  });
  return {
    a: a.project.id,
    b: b.project.id,
    inviteA: (await createInvite(a.project.id, owner.id)).token,
    inviteB: (await createInvite(b.project.id, owner.id)).token,
  };
}

/** GET /api/projects/{projectId}/votes with a session cookie: the status. */
async function readVotes(projectId: number, cookie: string): Promise<number> {
  const request = new Request(`${ORIGIN}/api/projects/${projectId}/votes`, { headers: { cookie } });
  const response = await votesGet(request, { params: Promise.resolve({ id: String(projectId) }) });
  return response.status;
}

describe("worker ids are scoped to one project", () => {
  it("an invite of project B with the worker id of A's annotator makes a new annotator, not A's session", async () => {
    const { a, b, inviteA, inviteB } = await twoProjects("takeover");
    const victim = await join(inviteA, "W-shared");
    expect(victim.status).toBe(200);
    expect(await readVotes(a, victim.cookie)).toBe(200);

    const attacker = await join(inviteB, "W-shared");
    expect(attacker.status).toBe(200);
    expect(attacker.body.userId).not.toBe(victim.body.userId);
    expect((await getViewer(new Headers({ cookie: attacker.cookie })))?.id).toBe(attacker.body.userId);
    // Not a member of A: 404, as for a project that does not exist (issue 13 item 7).
    expect(await readVotes(a, attacker.cookie)).toBe(404);
    // The victim was not pulled into project B either.
    expect(await db.projectMember.count({ where: { userId: victim.body.userId } })).toBe(1);
    expect(await db.user.count({ where: { workerId: "W-shared" } })).toBe(2);

    // Within one project the worker id still names one annotator (a second device, no cookie).
    expect((await join(inviteA, "W-shared")).body.userId).toBe(victim.body.userId);
  });

  it("a worker-id annotator of A who opens B's link without a worker id gets a new identity in B", async () => {
    const { a, inviteA, inviteB } = await twoProjects("no-id");
    const worker = await join(inviteA, "W-carried");
    const inB = await join(inviteB, undefined, worker.cookie);
    expect(inB.status).toBe(200);
    expect(inB.body.userId).not.toBe(worker.body.userId);
    // Otherwise anyone with A's invite and the worker id would get a session reaching into B.
    expect(await db.projectMember.count({ where: { userId: worker.body.userId } })).toBe(1);
    expect(await readVotes(a, inB.cookie)).toBe(404);
  });

  it("an anonymous annotator keeps one identity across projects through their own cookie", async () => {
    const { a, b, inviteA, inviteB } = await twoProjects("anonymous");
    const first = await join(inviteA);
    const second = await join(inviteB, undefined, first.cookie);
    expect(second.body.userId).toBe(first.body.userId);
    const memberships = await db.projectMember.findMany({ where: { userId: first.body.userId } });
    expect(memberships.map((m) => m.projectId).sort()).toEqual([a, b].sort());
  });
});

describe("concurrent joins", () => {
  it("20 joins at once with one new worker id make exactly one annotator, one membership, no errors", async () => {
    const { a, inviteA } = await twoProjects("race");
    const results = await Promise.all(Array.from({ length: 20 }, () => join(inviteA, "W-race")));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const users = await db.user.findMany({ where: { workerId: "W-race" } });
    expect(users).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.userId))).toEqual(new Set([users[0]?.id]));
    expect(await db.projectMember.count({ where: { projectId: a, userId: users[0]?.id } })).toBe(1);
  });

  it("20 joins at once by one signed-in annotator add one membership and no errors", async () => {
    const { b, inviteA, inviteB } = await twoProjects("race-session");
    const first = await join(inviteA);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => join(inviteB, undefined, first.cookie)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await db.projectMember.count({ where: { projectId: b } })).toBe(1);
  });
});
