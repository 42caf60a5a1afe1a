// The settled and active policies as lib/tasks selection policies, on a synthetic project.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";
import { parseProjectSettings } from "../../lib/projects/settings";
import { selectNextImage } from "../../lib/tasks/policies/registry";
import { createTestUser } from "../helpers/auth";

let projectId = 0;
const ids: Record<string, number> = {};
let annotatorId = "";

async function addImage(name: string, labels: number[]) {
  const image = await db.image.create({
    data: { projectId, sha256: "s".repeat(64), externalName: name, counts: [0, 0, 0] },
  });
  await db.vote.createMany({
    data: labels.map((label, v) => ({
      projectId,
      imageId: image.id,
      label,
      source: "import" as const,
      externalAnnotatorId: `e${v}`,
    })),
  });
  ids[name] = image.id;
}

beforeAll(async () => {
  projectId = (await createProject({ name: "select", labels: ["a", "b", "c"], targetVotes: 8 })).id;
  await db.imageBlob.create({
    data: { sha256: "s".repeat(64), data: Buffer.from([1]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  await addImage("unanimous", [0, 0, 0, 0, 0, 0]); // settled: expected KL about 0.09 < 0.15
  await addImage("split", [0, 1, 2]); // open
  await addImage("fresh", []);
  await addImage("full", [0, 1, 2, 0, 1, 2, 0, 1]); // at the target
  annotatorId = (await createTestUser("annotator", { projectId })).id;
});

function select(policy: "fixed" | "settled" | "active", extra: object = {}) {
  const settings = parseProjectSettings({
    assignmentPolicy: policy,
    settledExpectedKl: 0.15,
    activeRandomShare: 0,
    ...extra,
  });
  return selectNextImage({ projectId, annotatorId, targetVotes: 8, settings, exclude: [], limit: 8 });
}

describe("quality selection policies", () => {
  it("settled skips retired images, fewest votes first", async () => {
    // Only the lowest open level is offered, as with `fixed`.
    expect(await select("settled")).toEqual([ids.fresh]);
    await db.vote.create({
      data: { projectId, imageId: ids.fresh!, label: 2, source: "import", externalAnnotatorId: "late" },
    });
    await db.vote.createMany({
      data: [0, 1].map((label) => ({
        projectId,
        imageId: ids.fresh!,
        label,
        source: "import" as const,
        externalAnnotatorId: `x${label}`,
      })),
    });
    // fresh and split are both at 3 votes now; unanimous (6) is retired.
    expect((await select("settled")).sort()).toEqual([ids.fresh, ids.split].sort());
    // A stricter threshold reopens the unanimous image; it still waits for the lower level.
    expect((await select("settled", { settledExpectedKl: 0.01, settledMinVotes: 7 })).sort()).toEqual(
      [ids.fresh, ids.split].sort(),
    );
  });

  it("active ranks open images by expected information gain, honouring the model's predictions", async () => {
    const ranked = await select("active");
    expect(ranked.sort()).toEqual([ids.fresh, ids.split, ids.unanimous].sort());
    const model = await db.modelVersion.create({
      data: {
        projectId,
        paradigm: "test",
        settings: {},
        voteCount: 17,
        status: "published",
        publishedAt: new Date(),
      },
    });
    // A confident prediction on the fresh image makes one more vote there less informative than on "split".
    await db.prediction.create({
      data: { modelId: model.id, imageId: ids.fresh!, distribution: [0.98, 0.01, 0.01] },
    });
    await db.prediction.create({
      data: { modelId: model.id, imageId: ids.split!, distribution: [0.34, 0.33, 0.33] },
    });
    expect((await select("active", { modelPriorStrength: 50 }))[0]).toBe(ids.split);
  });

  it("never offers an image the annotator voted on", async () => {
    await db.vote.create({
      data: { projectId, imageId: ids.split!, annotatorId, label: 1, source: "chorus" },
    });
    expect(await select("settled")).toEqual([ids.fresh]);
    expect(await select("active")).not.toContain(ids.split);
  });
});
