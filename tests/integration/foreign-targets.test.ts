// Issue 11, finding 2: every route that takes a second id answers 404 when that id belongs to
// another project (or another user), for every role that may call it, and changes nothing there.
// Pausing is per project: a pause in one project never reaches another.
import { beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchUser } from "../../app/api/admin/users/[userId]/route";
import { POST as pausePost } from "../../app/api/projects/[id]/annotators/[userId]/pause/route";
import { GET as downloadGet } from "../../app/api/projects/[id]/export/jobs/[jobId]/download/route";
import { GET as exportJobGet } from "../../app/api/projects/[id]/export/jobs/[jobId]/route";
import { PUT as goldPut } from "../../app/api/projects/[id]/images/[imageId]/gold/route";
import { DELETE as inviteDelete } from "../../app/api/projects/[id]/invites/[inviteId]/route";
import { POST as skipPost } from "../../app/api/projects/[id]/tasks/[imageId]/skip/route";
import { GET as votesGet, POST as votesPost } from "../../app/api/projects/[id]/votes/route";
import { DELETE as tokenDelete } from "../../app/api/tokens/[tokenId]/route";
import { createApiToken } from "../../lib/auth/api-tokens";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { createTestUser, type TestUser } from "../helpers/auth";

interface Side {
  projectId: number;
  imageId: number;
  inviteId: number;
  jobId: number;
  researcher: TestUser;
  annotator: TestUser;
}

let a: Side;
let b: Side;
let admin: TestUser;

async function side(name: string): Promise<Side> {
  const projectId = (await createProject({ name, labels: ["x", "y"], targetVotes: 3 })).id;
  const sha256 = name.padEnd(64, "0");
  await db.imageBlob.create({
    data: { sha256, data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  const imageId = (
    await db.image.create({ data: { projectId, sha256, externalName: `${name}.png`, counts: [0, 0] } })
  ).id;
  const researcher = await createTestUser("researcher", { projectId });
  const annotator = await createTestUser("annotator", { projectId });
  const inviteId = (
    await db.invite.create({ data: { token: `${name}-token`, projectId, createdById: researcher.id } })
  ).id;
  const jobId = (await db.exportJob.create({ data: { projectId, format: "csv", status: "done" } })).id;
  await db.vote.create({ data: { projectId, imageId, annotatorId: annotator.id, label: 1 } });
  return { projectId, imageId, inviteId, jobId, researcher, annotator };
}

function call<C>(
  handler: (r: Request, c: C) => Promise<Response>,
  method: string,
  headers: Headers,
  params: C,
  body?: unknown,
) {
  const h = new Headers(headers);
  if (body !== undefined) h.set("content-type", "application/json");
  return handler(
    new Request("http://t/api/x", {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    params,
  );
}

const p = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

beforeAll(async () => {
  a = await side("alpha");
  b = await side("beta");
  admin = await createTestUser("admin");
});

/** Each route with a second id, called on project A with B's id: [name, roles allowed, call]. */
const routes: [string, ("researcher" | "annotator")[], (headers: Headers) => Promise<Response>][] = [
  [
    "POST pause {userId of B}",
    ["researcher"],
    (h) =>
      call(pausePost, "POST", h, p({ id: String(a.projectId), userId: b.annotator.id }), { paused: true }),
  ],
  [
    "POST pause {admin, no member}",
    ["researcher"],
    (h) => call(pausePost, "POST", h, p({ id: String(a.projectId), userId: admin.id }), { paused: true }),
  ],
  [
    "PUT gold {imageId of B}",
    ["researcher"],
    (h) =>
      call(goldPut, "PUT", h, p({ id: String(a.projectId), imageId: String(b.imageId) }), {
        distribution: [1, 1],
      }),
  ],
  [
    "DELETE invite {inviteId of B}",
    ["researcher"],
    (h) => call(inviteDelete, "DELETE", h, p({ id: String(a.projectId), inviteId: String(b.inviteId) })),
  ],
  [
    "GET export job {jobId of B}",
    ["researcher"],
    (h) => call(exportJobGet, "GET", h, p({ id: String(a.projectId), jobId: String(b.jobId) })),
  ],
  [
    "GET export download {jobId of B}",
    ["researcher"],
    (h) => call(downloadGet, "GET", h, p({ id: String(a.projectId), jobId: String(b.jobId) })),
  ],
  [
    "POST skip {imageId of B}",
    ["researcher", "annotator"],
    (h) => call(skipPost, "POST", h, p({ id: String(a.projectId), imageId: String(b.imageId) })),
  ],
  [
    "POST vote {imageId of B}",
    ["researcher", "annotator"],
    (h) =>
      call(votesPost, "POST", h, p({ id: String(a.projectId) }), {
        imageId: b.imageId,
        label: "x",
        durationMs: 10,
        idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
      }),
  ],
];

/** Everything the routes above could change in project B. */
async function snapshotB() {
  return {
    members: await db.projectMember.findMany({
      where: { projectId: b.projectId },
      orderBy: { userId: "asc" },
    }),
    image: await db.image.findUniqueOrThrow({ where: { id: b.imageId } }),
    invite: await db.invite.findUniqueOrThrow({ where: { id: b.inviteId } }),
    votes: await db.vote.count({ where: { projectId: b.projectId } }),
  };
}

describe("route x role x foreign target", () => {
  for (const [name, roles, send] of routes) {
    for (const role of ["admin", "researcher", "annotator"] as const) {
      it(`${name} as ${role} of A -> ${role === "admin" || roles.includes(role) ? 404 : 403}`, async () => {
        const before = await snapshotB();
        const caller = role === "admin" ? admin : role === "researcher" ? a.researcher : a.annotator;
        const response = await send(caller.headers);
        expect(response.status).toBe(role === "admin" || roles.includes(role) ? 404 : 403);
        expect(await snapshotB()).toEqual(before);
      });
    }
  }

  it("DELETE /api/tokens/{another user's token} -> 404, token stays live", async () => {
    const { id } = await createApiToken(b.researcher.id, "theirs");
    const response = await call(tokenDelete, "DELETE", a.researcher.headers, p({ tokenId: String(id) }));
    expect(response.status).toBe(404);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
  });

  it("PATCH /api/admin/users/{unknown} -> 404", async () => {
    const response = await call(patchUser, "PATCH", admin.headers, p({ userId: "no-such-user" }), {
      role: "researcher",
    });
    expect(response.status).toBe(404);
  });

  it("GET votes?annotatorId={annotator of B} as researcher of A shows none of B's votes", async () => {
    const response = await votesGet(
      new Request(`http://t/api/projects/${a.projectId}/votes?annotatorId=${b.annotator.id}`, {
        headers: a.researcher.headers,
      }),
      p({ id: String(a.projectId) }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { votes: unknown[] }).votes).toEqual([]);
  });
});

describe("pausing is per project", () => {
  it("pauses an annotator in A only: their votes leave A's counts, not B's", async () => {
    // One annotator in both projects, one vote in each.
    const both = await createTestUser("annotator", { projectId: a.projectId });
    await db.projectMember.create({ data: { projectId: b.projectId, userId: both.id, role: "annotator" } });
    await db.vote.create({
      data: { projectId: a.projectId, imageId: a.imageId, annotatorId: both.id, label: 0 },
    });
    await db.vote.create({
      data: { projectId: b.projectId, imageId: b.imageId, annotatorId: both.id, label: 0 },
    });
    const counts = async (imageId: number) =>
      (await db.image.findUniqueOrThrow({ where: { id: imageId } })).counts;
    expect(await counts(a.imageId)).toEqual([1, 1]);
    expect(await counts(b.imageId)).toEqual([1, 1]);

    const response = await call(
      pausePost,
      "POST",
      a.researcher.headers,
      p({ id: String(a.projectId), userId: both.id }),
      {
        paused: true,
      },
    );
    expect(response.status).toBe(200);
    expect(await counts(a.imageId)).toEqual([0, 1]);
    expect(await counts(b.imageId)).toEqual([1, 1]);
    const membership = (projectId: number) =>
      db.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId: both.id } } });
    expect((await membership(a.projectId)).pausedAt).toBeInstanceOf(Date);
    expect((await membership(b.projectId)).pausedAt).toBeNull();

    // A researcher of B cannot undo A's pause through A's URL: not a member of A, so 404.
    const fromB = await call(
      pausePost,
      "POST",
      b.researcher.headers,
      p({ id: String(a.projectId), userId: both.id }),
      {
        paused: false,
      },
    );
    expect(fromB.status).toBe(404);
    expect((await membership(a.projectId)).pausedAt).toBeInstanceOf(Date);
  });
});
