// Project listing respects roles: admins see all, researchers theirs, annotators the ones they joined.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProject, listProjectsWithCounts } from "../../lib/projects/projects";
import { createTestUser } from "../helpers/auth";

describe("listProjectsWithCounts", () => {
  it("shows each role only its projects, with counts from the running counts", async () => {
    const admin = await createTestUser("admin");
    const owner = await createTestUser("researcher");
    const a = await createProject({ name: "mine", labels: ["x", "y"] }, owner.id);
    const b = await createProject({ name: "theirs", labels: ["x", "y"] });
    const annotator = await createTestUser("annotator", { projectId: b.id });
    const outsider = await createTestUser("researcher");
    await db.imageBlob.create({
      data: {
        sha256: "z".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
    });
    await db.image.create({
      data: { projectId: a.id, sha256: "z".repeat(64), externalName: "a.png", counts: [2, 1], voteCount: 3 },
    });
    const names = async (user: { id: string; role: "admin" | "researcher" | "annotator" }) =>
      (await listProjectsWithCounts(user)).map((p) => [p.name, p.images, p.votes]);
    expect(await names(admin)).toEqual([
      ["mine", 1, 3],
      ["theirs", 0, 0],
    ]);
    expect(await names(owner)).toEqual([["mine", 1, 3]]);
    expect(await names(annotator)).toEqual([["theirs", 0, 0]]);
    expect(await names(outsider)).toEqual([]);
  });
});
