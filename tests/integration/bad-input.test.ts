// Issue 11, finding 8: bad input is a 4xx naming what is wrong, never a 500, and a PostgreSQL
// outage is a 503 with Retry-After. Each case was a 500 (or a wrong 2xx) before the fix.
import { describe, expect, it } from "vitest";
import { PATCH as patchUser } from "../../app/api/admin/users/[userId]/route";
import { POST as createProjectPost } from "../../app/api/projects/route";
import { GET as modelsGet } from "../../app/api/projects/[id]/models/route";
import { GET as votesGet, POST as votesPost } from "../../app/api/projects/[id]/votes/route";
import { POST as tokensPost } from "../../app/api/tokens/route";
import { findLiveInvite } from "../../lib/auth/invites";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { idParam } from "../../lib/http/route";
import { createProject } from "../../lib/projects/projects";
import { createTestUser } from "../helpers/auth";

function jsonRequest(url: string, headers: Headers, body: unknown, method = "POST"): Request {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  return new Request(url, { method, headers: h, body: JSON.stringify(body) });
}

const fields = async (response: Response) =>
  ((await response.json()) as { error: { fields?: { path: string }[] } }).error.fields?.map((f) => f.path);

describe("ids", () => {
  it("idParam takes plain decimal ids up to 2^31-1 only", () => {
    expect(idParam("16", "project")).toBe(16);
    expect(idParam("2147483647", "project")).toBe(2147483647);
    for (const bad of ["0x10", "1e3", "+1", " 7", "7 ", "1.0", "0", "-1", "2147483648", "99999999999999"]) {
      expect(() => idParam(bad, "project"), bad).toThrow(/not found/);
    }
  });

  it("an id >= 2^31 in a path is a 404 and in a body a 400, not a 500", async () => {
    const researcher = await createTestUser("admin");
    for (const id of ["2147483648", "9007199254740993"]) {
      const response = await modelsGet(
        new Request(`http://t/api/projects/${id}/models`, { headers: researcher.headers }),
        {
          params: Promise.resolve({ id }),
        },
      );
      expect(response.status, id).toBe(404);
    }
    const project = await createProject({ name: "ids", labels: ["a", "b"] });
    const vote = { imageId: 2 ** 31, label: "a", durationMs: 100, idempotencyKey: "key-2147483648" };
    const response = await votesPost(
      jsonRequest(`http://t/api/projects/${project.id}/votes`, researcher.headers, vote),
      {
        params: Promise.resolve({ id: String(project.id) }),
      },
    );
    expect(response.status).toBe(400);
  });
});

describe("NUL bytes", () => {
  it("in a JSON body: 400 naming the field, nothing stored", async () => {
    const researcher = await createTestUser("researcher");
    const response = await createProjectPost(
      jsonRequest("http://t/api/projects", researcher.headers, { name: "a\u0000b", labels: ["x", "y"] }),
      {},
    );
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual(["name"]);
    const token = await tokensPost(
      jsonRequest("http://t/api/tokens", researcher.headers, { name: "t\u0000" }),
      {},
    );
    expect(token.status).toBe(400);
    expect(await fields(token)).toEqual(["name"]);
    expect(await db.project.count({ where: { name: { startsWith: "a" } } })).toBe(0);
  });

  it("in a query value: 400 naming the parameter", async () => {
    const researcher = await createTestUser("admin");
    const project = await createProject({ name: "nul query", labels: ["a", "b"] });
    const response = await votesGet(
      new Request(`http://t/api/projects/${project.id}/votes?annotatorId=a%00b`, {
        headers: researcher.headers,
      }),
      { params: Promise.resolve({ id: String(project.id) }) },
    );
    expect(response.status).toBe(400);
    expect(await fields(response)).toEqual(["annotatorId"]);
  });

  it("a NUL byte that reaches PostgreSQL anyway is a 400 from the one error mapper", async () => {
    const admin = await createTestUser("admin");
    const response = await patchUser(
      jsonRequest("http://t/api/admin/users/x", admin.headers, { role: "researcher" }, "PATCH"),
      { params: Promise.resolve({ userId: "a\u0000b" }) },
    );
    expect(response.status).toBe(400);
  });
});

describe("NUL bytes in an invite token (the /join/<token> page)", () => {
  it("is an unknown invite (404), not a database error", async () => {
    await expect(findLiveInvite("abc\u0000def")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("unknown and racing targets", () => {
  it("PATCH /api/admin/users/<unknown> is a 404 for a password and for a role", async () => {
    const admin = await createTestUser("admin");
    for (const body of [{ password: "a long new password" }, { role: "researcher" }]) {
      const response = await patchUser(
        jsonRequest("http://t/api/admin/users/nobody", admin.headers, body, "PATCH"),
        {
          params: Promise.resolve({ userId: "nobody" }),
        },
      );
      expect(response.status, JSON.stringify(body)).toBe(404);
    }
    expect(await db.account.count({ where: { userId: "nobody" } })).toBe(0);
  });

  it("projects created at once with one name: one 201, the rest 409", async () => {
    const researcher = await createTestUser("researcher");
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        createProjectPost(
          jsonRequest("http://t/api/projects", researcher.headers, { name: "Twins", labels: ["a", "b"] }),
          {},
        ),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await db.project.count({ where: { name: "Twins" } })).toBe(1);
  });
});

describe("PostgreSQL outage", () => {
  it("answers 503 with Retry-After, not 500", async () => {
    const researcher = await createTestUser("researcher");
    const project = await createProject({ name: "outage", labels: ["a", "b"] });
    const url = process.env.DATABASE_URL;
    // Port 1 refuses connections: the same error node-postgres reports while PostgreSQL is down.
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/chorus_down";
    resetEnv();
    try {
      const response = await modelsGet(
        new Request(`http://t/api/projects/${project.id}/models`, { headers: researcher.headers }),
        { params: Promise.resolve({ id: String(project.id) }) },
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    } finally {
      process.env.DATABASE_URL = url;
      resetEnv();
    }
  });
});
