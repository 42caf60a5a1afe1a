// The annotators page's quality panel renders gold scores, flags and pause buttons (server render).
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QualityPanel } from "../../app/projects/[id]/annotators/quality-panel";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { setAnnotatorPaused } from "../../lib/projects/paused-annotators";
import { setGoldDistribution } from "../../lib/tasks/policies/gold";
import { createTestUser } from "../helpers/auth";

describe("QualityPanel", () => {
  it("shows each annotator's gold score, flags and a pause toggle", async () => {
    const project = await createProject({ name: "panel", labels: ["a", "b"], targetVotes: 3 });
    await db.project.update({
      where: { id: project.id },
      data: { settings: { minGoldAnswers: 1, straightLineRun: 3 } },
    });
    await db.imageBlob.create({
      data: {
        sha256: "q".repeat(64),
        data: Buffer.from([1]),
        width: 1,
        height: 1,
        format: "png",
        byteSize: 1,
      },
    });
    const images = [];
    for (let i = 0; i < 4; i++) {
      images.push(
        await db.image.create({
          data: { projectId: project.id, sha256: "q".repeat(64), externalName: `q${i}.png`, counts: [0, 0] },
        }),
      );
    }
    await setGoldDistribution(project.id, images[0]!.id, [9, 1]);
    const spammer = await createTestUser("annotator", { projectId: project.id });
    for (const image of images) {
      await db.vote.create({
        data: {
          projectId: project.id,
          imageId: image.id,
          annotatorId: spammer.id,
          label: 1,
          durationMs: 100,
        },
      });
    }
    await setAnnotatorPaused(project.id, spammer.id, true);
    const html = renderToStaticMarkup(await QualityPanel({ projectId: project.id }));
    expect(html).toContain("Quality control");
    expect(html).toContain("paused");
    expect(html).toContain("Unpause");
    expect(html).toContain("straight-lining");
    expect(html).toContain("low gold score");
    // ln(0.95 * 0.1 + 0.05 / 2) = ln(0.12) = -2.12
    expect(html).toContain("-2.12");
  });
});
