// Model versions are numbered per project (#1, #2, ...) by the database, whatever the global id,
// also when runs of one project start at the same moment.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createModelVersion } from "../../lib/model-store/versions";
import { loadModelsPage } from "../../lib/model-store/views";
import { createProject } from "../../lib/projects/projects";

const run = (projectId: number) =>
  createModelVersion({ projectId, paradigm: "soft", settings: {}, voteCount: 0 });

describe("model version numbers", () => {
  it("counts from 1 in each project, interleaved with other projects' runs", async () => {
    const a = await createProject({ name: "numbers-a", labels: ["x", "y"] });
    const b = await createProject({ name: "numbers-b", labels: ["x", "y"] });
    const order = [a, b, a, a, b];
    const created = [];
    for (const project of order) created.push(await run(project.id));
    expect(created.map((version) => version.number)).toEqual([1, 1, 2, 3, 2]);
    // Global ids keep growing across projects; the numbers do not.
    expect(created[4]!.id).toBeGreaterThan(created[3]!.id);
    const page = await loadModelsPage(b.id);
    expect(page.versions.map((version) => version.number)).toEqual([2, 1]);
  });

  it("gives concurrent runs of one project distinct consecutive numbers", async () => {
    const project = await createProject({ name: "numbers-race", labels: ["x", "y"] });
    const created = await Promise.all(Array.from({ length: 12 }, () => run(project.id)));
    const numbers = created.map((version) => version.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("keeps a number given explicitly and refuses a duplicate within the project", async () => {
    const project = await createProject({ name: "numbers-explicit", labels: ["x", "y"] });
    const base = { projectId: project.id, paradigm: "soft", settings: {}, voteCount: 0 };
    expect((await db.modelVersion.create({ data: { ...base, number: 7 } })).number).toBe(7);
    expect((await run(project.id)).number).toBe(8);
    await expect(db.modelVersion.create({ data: { ...base, number: 7 } })).rejects.toThrow();
  });
});
