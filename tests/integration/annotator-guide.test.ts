// The annotator guide (issue 15): instructions, example faces, quota and completion settings through
// PATCH /api/projects/{id}/settings, and GET /api/projects/{id}/completion releasing the code and the
// filled return URL only once the caller's work is done.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET } from "../../app/api/projects/[id]/completion/route";
import { PATCH } from "../../app/api/projects/[id]/settings/route";
import { db } from "../../lib/db";
import { fillCompletionUrl } from "../../lib/projects/annotator-guide";
import { createProject } from "../../lib/projects/projects";
import { createTestUser } from "../helpers/auth";

async function projectWithImages(images: number) {
  const project = await createProject({ name: `guide-${randomUUID()}`, labels: ["a", "b"], targetVotes: 3 });
  const sha256 = randomUUID().replaceAll("-", "").padEnd(64, "0");
  await db.imageBlob.create({
    data: { sha256, data: Buffer.from([0]), width: 48, height: 48, format: "png", byteSize: 1 },
  });
  const ids: number[] = [];
  for (let i = 0; i < images; i++) {
    const image = await db.image.create({
      data: { projectId: project.id, sha256, externalName: `f${i}.png`, counts: [0, 0] },
    });
    ids.push(image.id);
  }
  return { project, ids };
}

const patch = (projectId: number, headers: Headers, body: unknown) =>
  PATCH(new Request("http://test/s", { method: "PATCH", headers, body: JSON.stringify(body) }), {
    params: Promise.resolve({ id: String(projectId) }),
  });
const completion = (projectId: number, headers: Headers) =>
  GET(new Request("http://test/c", { headers }), { params: Promise.resolve({ id: String(projectId) }) });

describe("annotator guide settings", () => {
  it("stores instructions, examples, quota, code and URL; rejects bad values naming the field", async () => {
    const { project, ids } = await projectWithImages(2);
    const other = await projectWithImages(1);
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const bad: [object, string][] = [
      [{ completionUrl: "javascript:alert(1)" }, "completionUrl"],
      [{ completionUrl: "not a url {code}" }, "completionUrl"],
      [{ completionCode: "C0DE<script>" }, "completionCode"],
      [{ tasksPerAnnotator: -1 }, "tasksPerAnnotator"],
      [{ instructionExamples: [{ label: "nope", imageId: ids[0] }] }, "instructionExamples"],
      // Another project's image may not be shown to this project's annotators.
      [{ instructionExamples: [{ label: "a", imageId: other.ids[0] }] }, "instructionExamples"],
    ];
    for (const [body, field] of bad) {
      const response = await patch(project.id, researcher.headers, body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { error: { fields: { path: string }[] } };
      expect(error.error.fields.map((f) => f.path.split(".")[0])).toContain(field);
    }
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).settings).toEqual({});
    const ok = await patch(project.id, researcher.headers, {
      instructions: "# Task\n\n- look at the **face**",
      instructionExamples: [{ label: "a", imageId: ids[0] }],
      tasksPerAnnotator: 2,
      completionCode: "C1A2B3",
      completionUrl: "https://app.prolific.com/submissions/complete?cc={code}&pid={workerId}",
    });
    expect(ok.status).toBe(200);
    const annotator = await createTestUser("annotator", { projectId: project.id });
    expect((await patch(project.id, annotator.headers, { completionCode: "X" })).status).toBe(403);
  });
});

describe("GET /api/projects/{id}/completion", () => {
  it("is a 409 until the quota is reached, then gives the code and the filled URL", async () => {
    const { project, ids } = await projectWithImages(3);
    await db.project.update({
      where: { id: project.id },
      data: {
        settings: {
          tasksPerAnnotator: 2,
          completionCode: "C1A2B3",
          completionUrl: "https://example.org/done?cc={code}&w={workerId}",
        },
      },
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    await db.user.update({ where: { id: annotator.id }, data: { workerId: "w 1&x=2" } });
    const early = await completion(project.id, annotator.headers);
    expect(early.status).toBe(409);
    expect(JSON.stringify(await early.json())).not.toContain("C1A2B3");
    for (const imageId of ids.slice(0, 2)) {
      await db.vote.create({ data: { projectId: project.id, imageId, annotatorId: annotator.id, label: 0 } });
    }
    const done = await completion(project.id, annotator.headers);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({
      answered: 2,
      quota: 2,
      code: "C1A2B3",
      // The worker id is URL-encoded: it cannot add parameters of its own.
      returnUrl: "https://example.org/done?cc=C1A2B3&w=w%201%26x%3D2",
    });
    const outsider = await createTestUser("annotator");
    // Not a member: 404, as for an unknown project (issue 13 item 7).
    expect((await completion(project.id, outsider.headers)).status).toBe(404);
  });

  it("fills Prolific's template", () => {
    expect(
      fillCompletionUrl("https://app.prolific.com/submissions/complete?cc={code}", {
        code: "ABC",
        workerId: null,
      }),
    ).toBe("https://app.prolific.com/submissions/complete?cc=ABC");
  });
});
