// Deleting an image or a project (issue 15): votes, predictions and leases go with them, image bytes
// go once no image uses them, other projects are untouched; wrong project, wrong role or a wrong
// confirmation change nothing.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DELETE as deleteImageRoute } from "../../app/api/projects/[id]/images/[imageId]/route";
import { DELETE as deleteProjectRoute } from "../../app/api/projects/[id]/route";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { createTestUser } from "../helpers/auth";

async function projectWithVotes(sharedSha?: string) {
  const project = await createProject({ name: `del-${randomUUID()}`, labels: ["a", "b"], targetVotes: 3 });
  const own = randomUUID().replaceAll("-", "").padEnd(64, "0");
  for (const sha256 of [own, sharedSha].filter((s): s is string => Boolean(s))) {
    await db.imageBlob.upsert({
      where: { sha256 },
      create: { sha256, data: Buffer.from([1]), width: 48, height: 48, format: "png", byteSize: 1 },
      update: {},
    });
  }
  const voter = await db.user.create({
    data: { id: randomUUID(), name: "v", email: `${randomUUID()}@test.invalid` },
  });
  const images = [];
  for (const [i, sha256] of [own, sharedSha ?? own].entries()) {
    const image = await db.image.create({
      data: { projectId: project.id, sha256, externalName: `f${i}.png`, counts: [0, 0] },
    });
    await db.vote.create({
      data: { projectId: project.id, imageId: image.id, annotatorId: voter.id, label: i % 2 },
    });
    images.push(image);
  }
  const model = await db.modelVersion.create({
    data: { projectId: project.id, paradigm: "soft", settings: {}, status: "published", voteCount: 2 },
  });
  await db.prediction.createMany({
    data: images.map((image) => ({ modelId: model.id, imageId: image.id, distribution: [0.5, 0.5] })),
  });
  return { project, images, own };
}

const callImage = (projectId: number, imageId: number, headers: Headers) =>
  deleteImageRoute(new Request("http://test/x", { method: "DELETE", headers }), {
    params: Promise.resolve({ id: String(projectId), imageId: String(imageId) }),
  });
const callProject = (projectId: number, headers: Headers, body: unknown) =>
  deleteProjectRoute(
    new Request("http://test/x", { method: "DELETE", headers, body: JSON.stringify(body) }),
    {
      params: Promise.resolve({ id: String(projectId) }),
    },
  );

describe("deleting an image", () => {
  it("removes the image with its votes and predictions; refuses other projects and annotators", async () => {
    const { project, images } = await projectWithVotes();
    const other = await projectWithVotes();
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const target = images[0]!;
    expect((await callImage(project.id, target.id, annotator.headers)).status).toBe(403);
    // An image of another project, addressed through this project: 404, nothing deleted.
    expect((await callImage(project.id, other.images[0]!.id, researcher.headers)).status).toBe(404);
    expect(await db.image.count({ where: { id: other.images[0]!.id } })).toBe(1);

    const response = await callImage(project.id, target.id, researcher.headers);
    expect(response.status).toBe(200);
    // The blob is still used by the project's second image (same bytes), so it stays.
    expect(await response.json()).toEqual({ deleted: { images: 1, votes: 1, blobs: 0 } });
    expect(await db.vote.count({ where: { imageId: target.id } })).toBe(0);
    expect(await db.prediction.count({ where: { imageId: target.id } })).toBe(0);
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(1);
    expect((await callImage(project.id, target.id, researcher.headers)).status).toBe(404);
  });
});

describe("deleting a project", () => {
  it("needs the exact name, then removes everything and the bytes no other project uses", async () => {
    const shared = randomUUID().replaceAll("-", "").padEnd(64, "1");
    const { project, own } = await projectWithVotes(shared);
    const other = await projectWithVotes(shared);
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const outsider = await createTestUser("researcher", { projectId: other.project.id });
    // Not a member: 404, as for an unknown project (issue 13 item 7); nothing is deleted.
    expect((await callProject(project.id, outsider.headers, { confirm: project.name })).status).toBe(404);
    const wrong = await callProject(project.id, researcher.headers, { confirm: "nope" });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain("confirm");
    expect((await callProject(project.id, researcher.headers, {})).status).toBe(400);
    expect(await db.project.count({ where: { id: project.id } })).toBe(1);

    const response = await callProject(project.id, researcher.headers, { confirm: project.name });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: { images: 2, votes: 2, blobs: 1 } });
    expect(await db.image.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.imageBlob.count({ where: { sha256: own } })).toBe(0);
    // The other project's votes and its image bytes (shared) are untouched.
    expect(await db.imageBlob.count({ where: { sha256: shared } })).toBe(1);
    expect(await db.vote.count({ where: { projectId: other.project.id } })).toBe(2);
    // No vote anywhere points at a missing image.
    const [orphans] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM votes v WHERE NOT EXISTS (SELECT 1 FROM images i WHERE i.id = v.image_id)`;
    expect(orphans?.n).toBe(0);
  });
});
