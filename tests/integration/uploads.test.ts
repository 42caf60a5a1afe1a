// Projects from the browser: create (FER+ preset or own labels), upload files and a zip, invites.
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { POST as createProjectPost } from "../../app/api/projects/route";
import { POST as uploadRoute } from "../../app/api/projects/[id]/images/route";
import { GET as invitesGet, POST as invitesPost } from "../../app/api/projects/[id]/invites/route";
import { db } from "../../lib/db";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { syntheticFace } from "../helpers/annotation-fixtures";
import { createTestUser } from "../helpers/auth";

/** POST /api/projects (no path parameters). */
const createProjectRoute = (request: Request) => createProjectPost(request, {});

function json(headers: Headers, body: unknown): RequestInit {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  return { method: "POST", headers: h, body: JSON.stringify(body) };
}

describe("projects from the browser", () => {
  it("creates a FER+ project, rejects a duplicate name and bad labels with the field named", async () => {
    const researcher = await createTestUser("researcher");
    const created = await createProjectRoute(
      new Request(
        "http://t/api/projects",
        json(researcher.headers, { name: "Faces", preset: "ferplus", targetVotes: 10 }),
      ),
    );
    expect(created.status).toBe(201);
    const { project } = (await created.json()) as { project: { id: number; labels: string[] } };
    expect(project.labels).toEqual([...FERPLUS_LABELS]);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).ownerId).toBe(researcher.id);

    const duplicate = await createProjectRoute(
      new Request("http://t/api/projects", json(researcher.headers, { name: "Faces", labels: ["a", "b"] })),
    );
    expect(duplicate.status).toBe(409);
    const bad = await createProjectRoute(
      new Request("http://t/api/projects", json(researcher.headers, { name: "Other", labels: ["a", "a"] })),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("labels");
  });

  it("uploads loose files and a zip, streams progress and a summary with what was skipped", async () => {
    const researcher = await createTestUser("researcher");
    const created = await createProjectRoute(
      new Request(
        "http://t/api/projects",
        json(researcher.headers, { name: "Uploads", labels: ["yes", "no"] }),
      ),
    );
    const { project } = (await created.json()) as { project: { id: number } };
    const zip = zipSync({
      "faces/a.png": new Uint8Array(await syntheticFace(1)),
      "faces/b.png": new Uint8Array(await syntheticFace(2)),
      "faces/readme.txt": new TextEncoder().encode("not an image"),
    });
    const form = new FormData();
    form.append("files", new File([new Uint8Array(await syntheticFace(3))], "c.png", { type: "image/png" }));
    form.append("files", new File([zip], "faces.zip", { type: "application/zip" }));
    const response = await uploadRoute(
      new Request(`http://t/api/projects/${project.id}/images`, {
        method: "POST",
        headers: researcher.headers,
        body: form,
      }),
      { params: Promise.resolve({ id: String(project.id) }) },
    );
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; images?: number; skipped?: { name: string }[] });
    const summary = lines.at(-1)!;
    expect(summary.type).toBe("summary");
    expect(summary.images).toBe(3);
    expect(summary.skipped?.map((s) => s.name).join(" ")).toContain("readme.txt");
    expect(await db.image.count({ where: { projectId: project.id } })).toBe(3);
    const images = await db.image.findMany({ where: { projectId: project.id } });
    expect(images.every((image) => image.counts.length === 2 && image.voteCount === 0)).toBe(true);
  });

  it("makes and lists invite links for the project's researchers", async () => {
    const researcher = await createTestUser("researcher");
    const created = await createProjectRoute(
      new Request(
        "http://t/api/projects",
        json(researcher.headers, { name: "Invites", labels: ["yes", "no"] }),
      ),
    );
    const { project } = (await created.json()) as { project: { id: number } };
    const context = { params: Promise.resolve({ id: String(project.id) }) };
    const made = await invitesPost(
      new Request(
        `http://t/api/projects/${project.id}/invites`,
        json(researcher.headers, { expiresInDays: 7 }),
      ),
      context,
    );
    expect(made.status).toBe(201);
    const listed = (await (
      await invitesGet(
        new Request(`http://t/api/projects/${project.id}/invites`, { headers: researcher.headers }),
        context,
      )
    ).json()) as { invites: { url: string }[] };
    expect(listed.invites).toHaveLength(1);
    expect(listed.invites[0]!.url).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
  });
});
