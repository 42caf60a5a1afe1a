// Cross-site request forgery (issue 11, finding 3): state-changing requests sent by a browser
// must come from the app's own origin and carry JSON; API-token requests are unaffected.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createUser } from "../../app/api/admin/users/route";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { POST as uploadImages } from "../../app/api/projects/[id]/images/route";
import { POST as createProject } from "../../app/api/projects/route";
import { createInvite } from "../../lib/auth/invites";
import { createUserWithPassword } from "../../lib/auth/users";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { createTestUser } from "../helpers/auth";
import { authRequest, cookieOf, ORIGIN } from "../helpers/auth-requests";

// The attack of the issue: a page on the same host, another port (same site, so Lax cookies go along).
const SAME_HOST_OTHER_PORT = "http://localhost:8080";
const noContext = { params: Promise.resolve({}) };

let adminCookie: string;

beforeAll(async () => {
  await createUserWithPassword({
    email: "root@example.org",
    name: "Root",
    role: "admin",
    password: "12345678",
  });
  const signIn = await authPost(
    authRequest("/sign-in/email", { email: "root@example.org", password: "12345678" }),
  );
  expect(signIn.status).toBe(200);
  adminCookie = cookieOf(signIn);
});

afterEach(() => {
  delete process.env.CHORUS_URL;
  resetEnv();
});

/** A POST to an app route with the admin's session cookie and the given headers and raw body. */
function post(path: string, body: string, headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { cookie: adminCookie, ...headers },
    body,
  });
}

const newAdmin = (email: string) =>
  JSON.stringify({ email, name: "Mallory", role: "admin", password: "mallory-password" });

describe("cookie-authenticated routes", () => {
  it("refuse a foreign Origin (same host, other port) and change nothing", async () => {
    const response = await createUser(
      post("/api/admin/users", newAdmin("m1@example.org"), {
        origin: SAME_HOST_OTHER_PORT,
        "content-type": "application/json",
      }),
      noContext,
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: "forbidden", fields: [{ path: "origin" }] },
    });
    expect(await db.user.count({ where: { email: "m1@example.org" } })).toBe(0);
  });

  it("refuse JSON sent as text/plain (a CORS-simple request) with 415 naming content-type", async () => {
    const response = await createUser(
      post("/api/admin/users", newAdmin("m2@example.org"), { origin: ORIGIN, "content-type": "text/plain" }),
      noContext,
    );
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { fields: [{ path: "content-type" }] } });
    expect(await db.user.count({ where: { email: "m2@example.org" } })).toBe(0);
  });

  it("refuse a cross-site Sec-Fetch-Site and a null Origin", async () => {
    const crossSite = await createUser(
      post("/api/admin/users", newAdmin("m3@example.org"), {
        "sec-fetch-site": "same-site",
        "content-type": "application/json",
      }),
      noContext,
    );
    expect(crossSite.status).toBe(403);
    const nullOrigin = await createUser(
      post("/api/admin/users", newAdmin("m3@example.org"), {
        origin: "null",
        "content-type": "application/json",
      }),
      noContext,
    );
    expect(nullOrigin.status).toBe(403);
    expect(await db.user.count({ where: { email: "m3@example.org" } })).toBe(0);
  });

  it("accept the app's own origin, CHORUS_URL's origin, and clients that send no Origin at all", async () => {
    const json = { "content-type": "application/json; charset=utf-8" };
    const own = await createUser(
      post("/api/admin/users", newAdmin("ok1@example.org"), { origin: ORIGIN, ...json }),
      noContext,
    );
    expect(own.status).toBe(201);

    process.env.CHORUS_URL = "https://chorus.example.org/";
    resetEnv();
    const proxied = await createUser(
      post("/api/admin/users", newAdmin("ok2@example.org"), {
        origin: "https://chorus.example.org",
        ...json,
      }),
      noContext,
    );
    expect(proxied.status).toBe(201);

    const script = await createUser(post("/api/admin/users", newAdmin("ok3@example.org"), json), noContext);
    expect(script.status).toBe(201);
  });

  it("leave API-token requests alone, whatever their Origin and content type", async () => {
    const researcher = await createTestUser("researcher");
    const request = new Request(`${ORIGIN}/api/projects`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${researcher.token}`,
        origin: SAME_HOST_OTHER_PORT,
        "content-type": "text/plain",
      },
      body: JSON.stringify({ name: "token project", labels: ["a", "b"] }),
    });
    expect((await createProject(request, noContext)).status).toBe(201);
  });
});

describe("uploads", () => {
  it("take multipart/form-data from the app's own pages, and still refuse text/plain", async () => {
    const project = await db.project.create({ data: { name: "csrf uploads", labels: ["a"] } });
    const context = { params: Promise.resolve({ id: String(project.id) }) };
    const form = new FormData();
    form.append("files", new Blob([Buffer.from("not an image")], { type: "image/png" }), "x.png");
    const upload = new Request(`${ORIGIN}/api/projects/${project.id}/images`, {
      method: "POST",
      headers: { cookie: adminCookie, origin: ORIGIN },
      body: form,
    });
    expect(upload.headers.get("content-type")).toMatch(/^multipart\/form-data/);
    expect((await uploadImages(upload, context)).status).toBe(200);
    const plain = await uploadImages(
      post(`/api/projects/${project.id}/images`, "files=x", { origin: ORIGIN, "content-type": "text/plain" }),
      context,
    );
    expect(plain.status).toBe(415);
  });
});

describe("better-auth endpoints", () => {
  it("refuse sign-in and join from a foreign Origin or as text/plain, without a cookie or a new user", async () => {
    const foreign = { origin: SAME_HOST_OTHER_PORT };
    const credentials = { email: "root@example.org", password: "12345678" };
    const signIn = await authPost(authRequest("/sign-in/email", credentials, { headers: foreign }));
    expect(signIn.status).toBe(403);
    expect(cookieOf(signIn)).toBe("");
    const plain = await authPost(
      authRequest("/sign-in/email", credentials, { headers: { "content-type": "text/plain" } }),
    );
    expect(plain.status).toBe(415);
    expect(cookieOf(plain)).toBe("");

    const owner = await createTestUser("researcher");
    const project = await db.project.create({
      data: { name: "csrf join", labels: ["a"], ownerId: owner.id },
    });
    const invite = await createInvite(project.id, owner.id);
    const before = await db.user.count();
    const join = await authPost(
      authRequest("/join", { token: invite.token, workerId: "W-csrf" }, { headers: foreign }),
    );
    expect(join.status).toBe(403);
    expect(await db.user.count()).toBe(before);
    const ok = await authPost(authRequest("/join", { token: invite.token, workerId: "W-csrf" }));
    expect(ok.status).toBe(200);
  });
});
