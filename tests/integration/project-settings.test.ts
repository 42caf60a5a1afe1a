// PATCH /api/projects/{id}/settings (the settings form): any settings key plus targetVotes, partial,
// validated by the settings schema; bad input is a 400 naming the field and changes nothing.
import { describe, expect, it } from "vitest";
import { PATCH } from "../../app/api/projects/[id]/settings/route";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { createTestUser } from "../helpers/auth";

describe("PATCH /api/projects/{id}/settings", () => {
  it("changes only the named keys and target; rejects bad input unchanged; researchers only", async () => {
    const project = await createProject({ name: "ps", labels: ["a", "b"], targetVotes: 3 });
    await db.project.update({ where: { id: project.id }, data: { settings: { goldRate: 0.1 } } });
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const call = (headers: Headers, body: unknown) =>
      PATCH(new Request("http://test/ps", { method: "PATCH", headers, body: JSON.stringify(body) }), {
        params: Promise.resolve({ id: String(project.id) }),
      });
    const stored = () => db.project.findUniqueOrThrow({ where: { id: project.id } });

    expect((await call(annotator.headers, { repeatRate: 0.1 })).status).toBe(403);
    // A researcher of another project may not change this one, nor learn that it exists (404).
    const other = await createProject({ name: "ps-other", labels: ["a", "b"], targetVotes: 3 });
    const outsider = await createTestUser("researcher", { projectId: other.id });
    expect((await call(outsider.headers, { repeatRate: 0.1 })).status).toBe(404);
    const bad = [
      { targetVotes: 0 },
      { repeatRate: 1.5 },
      { leaseSeconds: 5 },
      { retrainEveryVotes: -1 },
      { nope: 1 },
    ];
    for (const body of bad) {
      const response = await call(researcher.headers, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(Object.keys(body)[0]!);
    }
    expect((await call(researcher.headers, [1])).status).toBe(400);
    expect(await stored()).toMatchObject({ targetVotes: 3, settings: { goldRate: 0.1 } });

    const ok = await call(researcher.headers, {
      targetVotes: 7,
      leaseSeconds: 60,
      retrainEveryVotes: 500,
      repeatRate: 0.2,
      repeatAfterTasks: 0,
      settledMinVotes: 4,
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { targetVotes: number; settings: { goldRate: number } };
    expect(body.targetVotes).toBe(7);
    expect(body.settings.goldRate).toBe(0.1);
    expect(await stored()).toMatchObject({
      targetVotes: 7,
      settings: {
        goldRate: 0.1,
        leaseSeconds: 60,
        retrainEveryVotes: 500,
        repeatRate: 0.2,
        repeatAfterTasks: 0,
        settledMinVotes: 4,
      },
    });
  });

  it("keeps concurrent saves of different keys: the merge runs on the locked row", async () => {
    const project = await createProject({ name: "ps-race", labels: ["a", "b"], targetVotes: 3 });
    const researcher = await createTestUser("researcher", { projectId: project.id });
    const patches: Record<string, unknown>[] = [
      { goldRate: 0.2 },
      { leaseSeconds: 90 },
      { repeatRate: 0.3 },
      { repeatAfterTasks: 4 },
      { minAnswerMs: 500 },
      { settledMinVotes: 6 },
      { retrainEveryVotes: 100 },
      { assignmentPolicy: "settled" },
      { excludePausedAnnotators: false },
      { targetVotes: 9 },
    ];
    // All at once, each its own request: a read-modify-write without a lock keeps only some of them.
    const responses = await Promise.all(
      patches.map((patch) =>
        PATCH(
          new Request("http://test/ps", {
            method: "PATCH",
            headers: researcher.headers,
            body: JSON.stringify(patch),
          }),
          { params: Promise.resolve({ id: String(project.id) }) },
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(patches.map(() => 200));
    const { targetVotes, ...settings } = Object.assign({}, ...patches) as Record<string, unknown>;
    const stored = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(stored.targetVotes).toBe(targetVotes);
    expect(stored.settings).toEqual(settings);
  });
});
