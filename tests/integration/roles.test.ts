// Every route x role: annotators reach only the annotation API of their own projects; never
// dashboards' data, exports, models, invites, other projects or other people's votes. One guard
// (issue 13 item 7): a project the caller is no member of is a 404, like a project that does not
// exist; a member whose role may not call the route gets 403.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { createTestUser, type TestUser } from "../helpers/auth";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Who = "signedOut" | "annotator" | "otherResearcher" | "owner" | "admin";

interface Case {
  name: string;
  method: string;
  module: () => Promise<Record<string, unknown>>;
  path: (ids: Ids) => string;
  params: (ids: Ids) => Record<string, string>;
  body?: (ids: Ids) => unknown;
  /** Expected status per caller; "ok" is any 2xx. */
  expect: Partial<Record<Who, number | "ok">>;
}

interface Ids {
  project: number;
  otherProject: number;
  image: number;
  otherImage: number;
  otherAnnotator: string;
}

const p = (ids: Ids) => ({ id: String(ids.project) });
const CASES: Case[] = [
  {
    name: "tasks/next",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/tasks/next/route"),
    path: (i) => `/api/projects/${i.project}/tasks/next`,
    params: p,
    expect: { signedOut: 401, annotator: "ok", otherResearcher: 404, admin: "ok" },
  },
  {
    name: "tasks/next of another project",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/tasks/next/route"),
    path: (i) => `/api/projects/${i.otherProject}/tasks/next`,
    params: (i) => ({ id: String(i.otherProject) }),
    expect: { annotator: 404, owner: 404 },
  },
  {
    name: "votes of another annotator",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/votes/route"),
    path: (i) => `/api/projects/${i.project}/votes?annotatorId=${i.otherAnnotator}`,
    params: p,
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404, owner: "ok", admin: "ok" },
  },
  {
    name: "vote in another project",
    method: "POST",
    module: () => import("../../app/api/projects/[id]/votes/route"),
    path: (i) => `/api/projects/${i.otherProject}/votes`,
    params: (i) => ({ id: String(i.otherProject) }),
    body: (i) => ({ imageId: i.otherImage, label: "a", durationMs: 500, idempotencyKey: "role-matrix-key" }),
    expect: { signedOut: 401, annotator: 404, owner: 404 },
  },
  {
    name: "image bytes",
    method: "GET",
    module: () => import("../../app/api/images/[id]/file/route"),
    path: (i) => `/api/images/${i.image}/file`,
    params: (i) => ({ id: String(i.image) }),
    expect: { signedOut: 401, annotator: "ok", otherResearcher: 404, owner: "ok", admin: "ok" },
  },
  {
    name: "image bytes of another project",
    method: "GET",
    module: () => import("../../app/api/images/[id]/file/route"),
    path: (i) => `/api/images/${i.otherImage}/file`,
    params: (i) => ({ id: String(i.otherImage) }),
    expect: { annotator: 404, owner: 404 },
  },
  {
    name: "export",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/export/route"),
    path: (i) => `/api/projects/${i.project}/export?format=csv`,
    params: p,
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404, owner: "ok" },
  },
  {
    name: "export jobs",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/export/jobs/route"),
    path: (i) => `/api/projects/${i.project}/export/jobs`,
    params: p,
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404, owner: "ok", admin: "ok" },
  },
  {
    name: "export jobs of an unknown project",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/export/jobs/route"),
    path: () => `/api/projects/987654/export/jobs`,
    params: () => ({ id: "987654" }),
    expect: { signedOut: 401, annotator: 404, owner: 404, admin: 404 },
  },
  {
    name: "queue an export",
    method: "POST",
    module: () => import("../../app/api/projects/[id]/export/jobs/route"),
    path: (i) => `/api/projects/${i.project}/export/jobs`,
    params: p,
    body: () => ({ format: "csv" }),
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404 },
  },
  {
    name: "models (predictions)",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/models/route"),
    path: (i) => `/api/projects/${i.project}/models`,
    params: p,
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404, owner: "ok", admin: "ok" },
  },
  {
    name: "retrain",
    method: "POST",
    module: () => import("../../app/api/projects/[id]/models/route"),
    path: (i) => `/api/projects/${i.project}/models`,
    params: p,
    body: () => ({}),
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404 },
  },
  {
    name: "pause an annotator",
    method: "POST",
    module: () => import("../../app/api/projects/[id]/annotators/[userId]/pause/route"),
    path: (i) => `/api/projects/${i.project}/annotators/${i.otherAnnotator}/pause`,
    params: (i) => ({ id: String(i.project), userId: i.otherAnnotator }),
    body: () => ({ paused: true }),
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404 },
  },
  {
    name: "invites",
    method: "GET",
    module: () => import("../../app/api/projects/[id]/invites/route"),
    path: (i) => `/api/projects/${i.project}/invites`,
    params: p,
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404, owner: "ok", admin: "ok" },
  },
  {
    name: "make an invite",
    method: "POST",
    module: () => import("../../app/api/projects/[id]/invites/route"),
    path: (i) => `/api/projects/${i.project}/invites`,
    params: p,
    body: () => ({}),
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404, owner: 201 },
  },
  {
    name: "upload images",
    method: "POST",
    module: () => import("../../app/api/projects/[id]/images/route"),
    path: (i) => `/api/projects/${i.project}/images`,
    params: p,
    body: () => ({}),
    expect: { signedOut: 401, annotator: 403, otherResearcher: 404 },
  },
  {
    name: "create a project",
    method: "POST",
    module: () => import("../../app/api/projects/route"),
    path: () => `/api/projects`,
    params: () => ({}),
    body: () => ({ name: `matrix ${Math.random()}`, preset: "ferplus" }),
    expect: { signedOut: 401, annotator: 403, owner: 201 },
  },
  {
    name: "API tokens",
    method: "GET",
    module: () => import("../../app/api/tokens/route"),
    path: () => `/api/tokens`,
    params: () => ({}),
    expect: { signedOut: 401, annotator: 403, owner: "ok" },
  },
  {
    name: "admin: users",
    method: "GET",
    module: () => import("../../app/api/admin/users/route"),
    path: () => `/api/admin/users`,
    params: () => ({}),
    expect: { signedOut: 401, annotator: 403, owner: 403, admin: "ok" },
  },
];

let ids: Ids;
const users = {} as Record<Exclude<Who, "signedOut">, TestUser>;

beforeAll(async () => {
  const owner = await createTestUser("researcher");
  const { project, imageIds } = await createProjectWithImages({
    name: "matrix",
    labels: ["a", "b"],
    images: 2,
    ownerId: owner.id,
  });
  const other = await createProjectWithImages({ name: "matrix-other", labels: ["a", "b"], images: 1 });
  users.owner = owner;
  users.annotator = await createTestUser("annotator", { projectId: project.id });
  users.otherResearcher = await createTestUser("researcher", { projectId: other.project.id });
  users.admin = await createTestUser("admin");
  const otherAnnotator = await createTestUser("annotator", { projectId: project.id });
  ids = {
    project: project.id,
    otherProject: other.project.id,
    image: imageIds[0]!,
    otherImage: other.imageIds[0]!,
    otherAnnotator: otherAnnotator.id,
  };
});

function headersOf(who: Who, json: boolean): Headers {
  const headers = new Headers(who === "signedOut" ? {} : users[who].headers);
  if (json) headers.set("content-type", "application/json");
  return headers;
}

describe("route x role", () => {
  for (const testCase of CASES) {
    for (const [who, expected] of Object.entries(testCase.expect) as [Who, number | "ok"][]) {
      it(`${testCase.method} ${testCase.name} as ${who} -> ${expected}`, async () => {
        const handler = (await testCase.module())[testCase.method] as Handler;
        const body = testCase.body ? JSON.stringify(testCase.body(ids)) : undefined;
        const request = new Request(`http://chorus.test${testCase.path(ids)}`, {
          method: testCase.method,
          headers: headersOf(who, body !== undefined),
          body,
        });
        const response = await handler(request, { params: Promise.resolve(testCase.params(ids)) });
        if (expected === "ok") expect(response.status, await response.clone().text()).toBeLessThan(300);
        else expect(response.status, await response.clone().text()).toBe(expected);
        await response.body?.cancel();
      });
    }
  }

  it("annotators never changed anything they were refused", async () => {
    expect(await db.vote.count({ where: { projectId: ids.otherProject } })).toBe(0);
    expect(await db.invite.count({ where: { createdById: users.annotator.id } })).toBe(0);
  });
});
