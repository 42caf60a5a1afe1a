// The dashboard's policy comparison: computed from the project's complete images, cached until the
// vote count or the settings change, rendered with the votes saved.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PoliciesSection } from "../../app/projects/[id]/policies-section";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { loadPolicyComparison } from "../../lib/analytics/policy-comparison";

describe("policy comparison on the dashboard", () => {
  it("replays complete images, caches, and recomputes when votes arrive", async () => {
    const project = await createProject({ name: "policies", labels: ["a", "b", "c"], targetVotes: 6 });
    await db.imageBlob.create({
      data: {
        sha256: "d".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
    });
    const patterns = [
      [6, 0, 0],
      [3, 3, 0],
      [2, 2, 2],
      [5, 1, 0],
    ];
    for (let i = 0; i < 16; i++) {
      const image = await db.image.create({
        data: { projectId: project.id, sha256: "d".repeat(64), externalName: `d${i}.png`, counts: [0, 0, 0] },
      });
      const labels = patterns[i % 4]!.flatMap((count, label) => Array.from({ length: count }, () => label));
      await db.vote.createMany({
        data: labels.map((label, v) => ({
          projectId: project.id,
          imageId: image.id,
          label,
          source: "import" as const,
          externalAnnotatorId: `v${v}`,
        })),
      });
    }
    const first = await loadPolicyComparison(project.id);
    expect(first.data.completeImages).toBe(16);
    expect(first.data.rows.map((row) => row.perImage)).toEqual([1, 2, 3, 4, 6]);
    // At the full target every policy has all the votes: the same estimates.
    const full = first.data.rows.at(-1)!;
    expect(full.fixed).toBeCloseTo(full.active, 12);
    expect(first.data.savings!.fixedVotes).toBe(96);
    expect((await loadPolicyComparison(project.id)).computedAt).toEqual(first.computedAt);

    const html = renderToStaticMarkup(await PoliciesSection({ projectId: project.id }));
    expect(html).toContain("Assignment policies");
    expect(html).toContain("saved");

    const extra = await db.image.create({
      data: { projectId: project.id, sha256: "d".repeat(64), externalName: "extra.png", counts: [0, 0, 0] },
    });
    await db.vote.create({
      data: {
        projectId: project.id,
        imageId: extra.id,
        label: 0,
        source: "import",
        externalAnnotatorId: "z",
      },
    });
    const second = await loadPolicyComparison(project.id);
    expect(second.computedAt.getTime()).toBeGreaterThanOrEqual(first.computedAt.getTime());
    expect(second.voteCount).toBe(97);
  });
});
