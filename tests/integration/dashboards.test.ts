// Data loaders of the researcher dashboards on a small project with known annotators and a model.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { jensenShannon } from "@/lib/ambiguity";
import { computeAnnotatorStats } from "@/lib/analytics/annotator-stats";
import { loadGallery, parseGalleryFilters } from "@/lib/analytics/gallery";
import { loadImageDetail } from "@/lib/analytics/image-detail";
import { computeModelPanels } from "@/lib/analytics/model-panels";
import { loadOverview } from "@/lib/analytics/overview";
import { db } from "@/lib/db";
import { createProject } from "@/lib/projects/projects";
import { createPublishedModel } from "../helpers/annotation-fixtures";

const LABELS = ["neutral", "happiness", "surprise", "unknown"];
// Votes per image by annotators a, b, c (label indices); "s" always answers 0 (straight-lining).
const VOTES: Record<string, number[]> = {
  a: [0, 1, 2, 0, 1, 0],
  b: [0, 1, 1, 0, 2, 3],
  c: [0, 2, 1, 1, 2, 3],
  s: [0, 0, 0, 0, 0, 0],
};

let projectId: number;
let imageIds: number[] = [];

beforeAll(async () => {
  projectId = (await createProject({ name: "dash", labels: LABELS, targetVotes: 4 })).id;
  const sha256 = randomUUID().replaceAll("-", "").padEnd(64, "0");
  await db.imageBlob.create({
    data: { sha256, data: Buffer.from([0]), width: 48, height: 48, format: "png", byteSize: 1 },
  });
  for (let i = 0; i < 6; i++) {
    const image = await db.image.create({
      data: {
        projectId,
        sha256,
        externalName: `img-${i}.png`,
        split: i < 4 ? "train" : "valid",
        counts: [0, 0, 0, 0],
      },
    });
    imageIds.push(image.id);
  }
  for (const [name, labels] of Object.entries(VOTES)) {
    const user = await db.user.create({
      data: { id: randomUUID(), name, email: `${name}-${randomUUID()}@test.invalid` },
    });
    await db.vote.createMany({
      data: labels.map((label, i) => ({
        projectId,
        imageId: imageIds[i]!,
        annotatorId: user.id,
        label,
        durationMs: 1000 * (i + 1),
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    });
  }
});

describe("overview", () => {
  it("computes the counts summary once and serves it from project_stats until votes change", async () => {
    const first = await loadOverview(projectId);
    expect(first).toMatchObject({
      images: 6,
      votes: 24,
      reliability: null,
      reliabilityStale: true,
      model: null,
    });
    expect(first.summary.data.fleissVotesPerImage).toBe(4);
    const second = await loadOverview(projectId);
    expect(second.summary.computedAt).toEqual(first.summary.computedAt);
    const user = await db.user.create({
      data: { id: randomUUID(), name: "late", email: `${randomUUID()}@test.invalid` },
    });
    await db.vote.create({ data: { projectId, imageId: imageIds[0]!, annotatorId: user.id, label: 0 } });
    const third = await loadOverview(projectId);
    expect(third.votes).toBe(25);
    expect(third.summary.voteCount).toBe(25);
    expect(third.summary.data.votes).toBe(25);
  });
});

describe("gallery", () => {
  it("ranks by entropy and filters by split, majority label (first label wins ties) and entropy range", async () => {
    const all = await loadGallery(projectId, {});
    expect(all.total).toBe(6);
    const entropies = all.images.map((image) => image.entropy);
    expect(entropies).toEqual([...entropies].sort((a, b) => b - a));
    // Counts: img-1 and img-2 [1, 2, 1, 0] -> happiness; img-5 [2, 0, 0, 2] ties neutral with unknown -> neutral.
    const happiness = await loadGallery(projectId, { label: 1 });
    // Equal entropy: ties go by image id in the sort's direction (highest first).
    expect(happiness.images.map((image) => image.externalName)).toEqual(["img-2.png", "img-1.png"]);
    const unknown = await loadGallery(projectId, { label: 3 });
    expect(unknown.total).toBe(0);
    const neutral = await loadGallery(projectId, { label: 0 });
    expect(neutral.images.map((image) => image.externalName)).toContain("img-5.png");
    const valid = await loadGallery(projectId, { split: "valid" });
    expect(valid.total).toBe(2);
    const calm = await loadGallery(projectId, { maxEntropy: 0.01 });
    expect(calm.images.map((image) => image.externalName)).toEqual(["img-0.png"]);
  });

  it("names the field of an invalid filter", () => {
    const parsed = parseGalleryFilters({ split: "holdout", minEntropy: "x" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual(["split", "minEntropy"]);
  });
});

describe("annotator stats", () => {
  it("profiles agreement, speed and straight-lining, with a Dawid-Skene fit", async () => {
    const stats = await computeAnnotatorStats(projectId, { runThreshold: 6 });
    const byName = new Map(stats.annotators.map((row) => [row.name, row]));
    expect(byName.get("s")).toMatchObject({
      votes: 6,
      longestRun: 6,
      straightLining: true,
      medianSeconds: 3.5,
    });
    expect(byName.get("a")).toMatchObject({ votes: 6, straightLining: false });
    // a on image 0: others (b, c, s, late) all neutral -> 1; the agreement is a share.
    expect(byName.get("a")!.agreement).toBeGreaterThan(0);
    expect(byName.get("a")!.agreement).toBeLessThanOrEqual(1);
    expect(stats.dawidSkene).toMatchObject({ votes: 25, annotators: 5, images: 6 });
    expect(byName.get("s")!.dawidSkeneAccuracy).not.toBeNull();
  });
});

describe("model panels and image detail", () => {
  it("compares a published model's predictions with the crowd", async () => {
    const model = await createPublishedModel(projectId, 25);
    // The model predicts emotions only (0 on unknown): panels compare on the 3 labels it covers.
    await db.prediction.createMany({
      data: imageIds.map((imageId) => ({ modelId: model.id, imageId, distribution: [0.6, 0.3, 0.1, 0] })),
    });
    const panels = await computeModelPanels(model.id);
    expect(panels?.labels).toEqual(["neutral", "happiness", "surprise"]);
    // Held out by default: the 2 valid images, not the 4 the model could have trained on.
    expect(panels?.split).toBe("valid");
    expect(panels?.images).toBe(2);
    expect(panels?.scatter).toHaveLength(2);
    expect(panels?.topDisagreements.map((item) => item.imageId).sort()).toEqual(imageIds.slice(4).sort());
    // Image 4 (valid): counts [1, 1, 2, 0] -> JSD([0.25, 0.25, 0.5], [0.6, 0.3, 0.1]).
    const image4 = panels?.topDisagreements.find((item) => item.imageId === imageIds[4]);
    expect(image4?.divergence).toBeCloseTo(jensenShannon([0.25, 0.25, 0.5], [0.6, 0.3, 0.1]), 12);
    expect(panels?.reliability.reduce((sum, bin) => sum + bin.count, 0)).toBe(2);

    const detail = await loadImageDetail(imageIds[0]!);
    expect(detail?.prediction?.distribution).toEqual([0.6, 0.3, 0.1, 0]);
    const overview = await loadOverview(projectId);
    expect(overview.model?.data.modelId).toBe(model.id);
  });
});
