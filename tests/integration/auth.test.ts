// Accounts and sessions through better-auth, called as the browser would (Request in, cookies out).
import { describe, expect, it } from "vitest";
import { POST as authPost, GET as authGet } from "../../app/api/auth/[...all]/route";
import { createApiToken } from "../../lib/auth/api-tokens";
import { getViewer } from "../../lib/auth/guard";
import { createInvite, revokeInvite } from "../../lib/auth/invites";
import { createUserWithPassword } from "../../lib/auth/users";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";

const ORIGIN = "http://localhost:3999";

function post(path: string, body: unknown, cookie?: string): Request {
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN });
  if (cookie) headers.set("cookie", cookie);
  return new Request(`${ORIGIN}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

describe("password accounts", () => {
  it("signs in with the right password only, and the session cookie identifies the user", async () => {
    const user = await createUserWithPassword({
      email: "Res@Example.org",
      name: "Res",
      role: "researcher",
      password: "correct horse",
    });
    expect(user.email).toBe("res@example.org");
    const stored = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.password).toMatch(/^\$argon2id\$/);

    const wrong = await authPost(
      post("/sign-in/email", { email: "res@example.org", password: "wrong horse" }),
    );
    expect(wrong.status).toBe(401);

    const ok = await authPost(
      post("/sign-in/email", { email: "res@example.org", password: "correct horse" }),
    );
    expect(ok.status).toBe(200);
    const cookie = cookieOf(ok);
    expect(cookie).toContain("session_token");
    const viewer = await getViewer(new Headers({ cookie }));
    expect(viewer).toMatchObject({ id: user.id, role: "researcher" });

    const signOut = await authPost(post("/sign-out", {}, cookie));
    expect(signOut.status).toBe(200);
    expect(await getViewer(new Headers({ cookie }))).toBeNull();
  });

  it("refuses a duplicate email, a short password and public sign-up", async () => {
    await createUserWithPassword({ email: "a@example.org", name: "A", role: "admin", password: "12345678" });
    await expect(
      createUserWithPassword({ email: "a@example.org", name: "B", role: "admin", password: "12345678" }),
    ).rejects.toMatchObject({ code: "conflict", field: "email" });
    await expect(
      createUserWithPassword({ email: "b@example.org", name: "B", role: "admin", password: "short" }),
    ).rejects.toThrow(/password/);
    const signUp = await authPost(
      post("/sign-up/email", { email: "c@example.org", name: "C", password: "12345678" }),
    );
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(await db.user.count({ where: { email: "c@example.org" } })).toBe(0);
  });

  it("ignores a forged session cookie and rejects a revoked API token", async () => {
    expect(await getViewer(new Headers({ cookie: "better-auth.session_token=forged.sig" }))).toBeNull();
    const user = await createUserWithPassword({
      email: "t@example.org",
      name: "T",
      role: "researcher",
      password: "12345678",
    });
    const { id, token } = await createApiToken(user.id, "script");
    expect(await getViewer(new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ id: user.id });
    await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await expect(getViewer(new Headers({ authorization: `Bearer ${token}` }))).rejects.toMatchObject({
      code: "unauthorized",
    });
  });
});

describe("invite links", () => {
  it("make an annotator with the worker id, a membership and a session; the same worker comes back as the same annotator", async () => {
    const owner = await createUserWithPassword({
      email: "o@example.org",
      name: "O",
      role: "researcher",
      password: "12345678",
    });
    const project = await createProject({ name: "invites", labels: ["a", "b"] }, owner.id);
    const invite = await createInvite(project.id, owner.id);

    const first = await authPost(post("/join", { token: invite.token, workerId: "W123" }));
    expect(first.status).toBe(200);
    const body = (await first.json()) as { userId: string; projectId: number; redirect: string };
    expect(body).toMatchObject({ projectId: project.id, redirect: `/annotate/${project.id}` });
    const cookie = cookieOf(first);
    const viewer = await getViewer(new Headers({ cookie }));
    expect(viewer).toMatchObject({ id: body.userId, role: "annotator", workerId: "W123" });
    expect(
      await db.projectMember.count({
        where: { projectId: project.id, userId: body.userId, role: "annotator" },
      }),
    ).toBe(1);

    const again = await authPost(post("/join", { token: invite.token, workerId: "W123" }));
    expect(((await again.json()) as { userId: string }).userId).toBe(body.userId);

    const session = await authGet(new Request(`${ORIGIN}/api/auth/get-session`, { headers: { cookie } }));
    expect(((await session.json()) as { user: { id: string } }).user.id).toBe(body.userId);

    const anonymous = await authPost(post("/join", { token: invite.token }));
    expect(((await anonymous.json()) as { userId: string }).userId).not.toBe(body.userId);

    await revokeInvite(project.id, invite.id);
    const revoked = await authPost(post("/join", { token: invite.token, workerId: "W999" }));
    expect(revoked.status).toBe(410);
    const unknown = await authPost(post("/join", { token: "nope" }));
    expect(unknown.status).toBe(404);
    const badWorker = await authPost(post("/join", { token: invite.token, workerId: "<script>" }));
    expect(badWorker.status).toBe(400);
    expect(await db.user.count({ where: { workerId: "W999" } })).toBe(0);
  });
});
