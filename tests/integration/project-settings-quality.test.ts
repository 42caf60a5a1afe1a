// PATCH /api/projects/{id}/settings with the quality keys (the assertions of the former
// /quality-settings route, which the one settings route replaced): partial, validated, and the
// paused switch recounts. leaseSeconds, which that route refused, is a settings key like any other.
import { describe, expect, it } from "vitest";
import { PATCH } from "../../app/api/projects/[id]/settings/route";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { setAnnotatorPaused } from "../../lib/projects/paused-annotators";
import { createTestUser } from "../helpers/auth";

describe("PATCH /api/projects/{id}/settings: quality keys", () => {
  it("changes only the named keys, rejects bad input unchanged, and recounts on the paused switch", async () => {
    const project = await createProject({ name: "qs", labels: ["a", "b"], targetVotes: 3 });
    await db.project.update({ where: { id: project.id }, data: { settings: { leaseSeconds: 300 } } });
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const call = (headers: Headers, body: unknown) =>
      PATCH(new Request("http://test/qs", { method: "PATCH", headers, body: JSON.stringify(body) }), {
        params: Promise.resolve({ id: String(project.id) }),
      });
    const stored = async () => (await db.project.findUniqueOrThrow({ where: { id: project.id } })).settings;

    expect((await call(annotator.headers, { assignmentPolicy: "active" })).status).toBe(403);
    for (const bad of [{ assignmentPolicy: "greedy" }, { goldRate: 0.9 }]) {
      const response = await call(researcher.headers, bad);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(Object.keys(bad)[0]!);
    }
    expect(await stored()).toEqual({ leaseSeconds: 300 });

    const ok = await call(researcher.headers, { assignmentPolicy: "settled", settledExpectedKl: 0.2 });
    expect(ok.status).toBe(200);
    expect(await stored()).toEqual({
      leaseSeconds: 300,
      assignmentPolicy: "settled",
      settledExpectedKl: 0.2,
    });

    await db.imageBlob.create({
      data: {
        sha256: "w".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
    });
    const image = await db.image.create({
      data: { projectId: project.id, sha256: "w".repeat(64), externalName: "w.png", counts: [0, 0] },
    });
    await db.vote.create({
      data: { projectId: project.id, imageId: image.id, annotatorId: annotator.id, label: 1 },
    });
    await setAnnotatorPaused(project.id, annotator.id, true);
    const counts = async () => (await db.image.findUniqueOrThrow({ where: { id: image.id } })).counts;
    expect(await counts()).toEqual([0, 0]);
    expect((await call(researcher.headers, { excludePausedAnnotators: false })).status).toBe(200);
    expect(await counts()).toEqual([0, 1]);
    expect(await stored()).toMatchObject({ excludePausedAnnotators: false, assignmentPolicy: "settled" });
  });
});
