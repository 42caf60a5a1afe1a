// The gallery at more than one page: model facts beside the crowd, every sort walked both ways by
// keyset cursor, the filters, and the image page's previous/next in the same order.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { jensenShannon, toDistribution } from "@/lib/ambiguity";
import {
  galleryNeighbours,
  loadGallery,
  parseGalleryFilters,
  type GalleryFilters,
} from "@/lib/analytics/gallery";
import { GALLERY_SORTS } from "@/lib/analytics/gallery-filters";
import { db } from "@/lib/db";
import { createProject } from "@/lib/projects/projects";
import { createPublishedModel } from "../helpers/annotation-fixtures";

const LABELS = ["neutral", "happiness", "surprise", "unknown"];
const IMAGES = 110;
let projectId: number;
let modelId: number;
const countsOf = new Map<number, number[]>();
const predictionOf = new Map<number, number[]>();

beforeAll(async () => {
  projectId = (await createProject({ name: `gallery-${randomUUID()}`, labels: LABELS, targetVotes: 5 })).id;
  const sha256 = randomUUID().replaceAll("-", "").padEnd(64, "0");
  await db.imageBlob.create({
    data: { sha256, data: Buffer.from([0]), width: 48, height: 48, format: "png", byteSize: 1 },
  });
  const model = await createPublishedModel(projectId, 0);
  modelId = model.id;
  for (let i = 0; i < IMAGES; i++) {
    // Few distinct count vectors, so many faces tie on entropy and the id tie-break is exercised.
    const counts = [(i % 3) + 1, i % 4, i % 2, i % 5 === 0 ? 1 : 0];
    const image = await db.image.create({
      data: {
        projectId,
        sha256,
        externalName: i === 7 ? "odd_100%.png" : `face-${String(i).padStart(3, "0")}.png`,
        split: i % 2 ? "train" : "valid",
        counts,
        voteCount: counts.reduce((a, b) => a + b, 0),
        goldDistribution: i % 10 === 0 ? [1, 0, 0, 0] : [],
      },
    });
    // The model covers the three emotions only (0 on unknown), like a FER+ model.
    const happy = (i % 7) / 10;
    const distribution = [0.8 - happy, happy, 0.2, 0];
    await db.prediction.create({ data: { modelId, imageId: image.id, distribution } });
    countsOf.set(image.id, counts);
    predictionOf.set(image.id, distribution);
  }
});

async function walk(filters: GalleryFilters) {
  const pages = [];
  let page = await loadGallery(projectId, filters);
  pages.push(page);
  while (page.hasNext) {
    page = await loadGallery(projectId, { ...filters, after: parseCursor(page.images.at(-1)!.cursor) });
    pages.push(page);
  }
  return pages;
}

function parseCursor(cursor: string) {
  const parsed = parseGalleryFilters({ after: cursor });
  if (!parsed.success || !parsed.data.after) throw new Error(`bad cursor ${cursor}`);
  return parsed.data.after;
}

describe("gallery", () => {
  it("writes each face's model top label, confidence and divergence from the crowd", async () => {
    const { images, modelId: shown } = await loadGallery(projectId, {});
    expect(shown).toBe(modelId);
    for (const image of images) {
      const counts = countsOf.get(image.id)!.slice(0, 3);
      const model = predictionOf.get(image.id)!.slice(0, 3);
      const top = model.indexOf(Math.max(...model));
      expect(image.modelTop).toBe(top);
      expect(image.confidence).toBeCloseTo(model[top]!, 12);
      expect(image.divergence).toBeCloseTo(jensenShannon(toDistribution(counts), model), 12);
    }
  });

  for (const sort of GALLERY_SORTS) {
    for (const dir of ["desc", "asc"] as const) {
      it(`pages by ${sort} ${dir}: every face once, in order, and back again`, async () => {
        const pages = await walk({ sort, dir });
        expect(pages.length).toBe(3);
        const seen = pages.flatMap((page) => page.images);
        expect(seen.map((image) => image.id).sort()).toEqual([...countsOf.keys()].sort());
        const value = (image: (typeof seen)[number]) => Number(image.cursor.split("~")[0]);
        for (let k = 1; k < seen.length; k++) {
          const [a, b] = [seen[k - 1]!, seen[k]!];
          // Ties go by image id in the same direction as the sort.
          const ordered = dir === "desc" ? value(a) >= value(b) : value(a) <= value(b);
          const tie = value(a) === value(b);
          expect(ordered && (!tie || (dir === "desc" ? a.id > b.id : a.id < b.id))).toBe(true);
        }
        // "Previous" from the second page gives back the first page exactly.
        const back = await loadGallery(projectId, {
          sort,
          dir,
          before: parseCursor(pages[1]!.images[0]!.cursor),
        });
        expect(back.images.map((image) => image.id)).toEqual(pages[0]!.images.map((image) => image.id));
        expect(back.hasPrevious).toBe(false);
        expect(pages[1]!.hasPrevious).toBe(true);
      });
    }
  }

  it("filters by model top label, crowd majority, gold, split and name (wildcards taken literally)", async () => {
    const happy = await walk({ model: 1 });
    const ids = happy.flatMap((page) => page.images.map((image) => image.id));
    const expected = [...predictionOf].filter(([, p]) => p[1]! > p[0]! && p[1]! > p[2]!).map(([id]) => id);
    expect(ids.sort()).toEqual(expected.sort());
    expect((await loadGallery(projectId, { gold: "yes" })).total).toBe(11);
    expect((await loadGallery(projectId, { gold: "no", split: "train" })).total).toBe(55);
    const named = await loadGallery(projectId, { q: "100%" });
    expect(named.images.map((image) => image.externalName)).toEqual(["odd_100%.png"]);
    expect((await loadGallery(projectId, { q: "e_0" })).total).toBe(0);
    expect((await loadGallery(projectId, { q: "FACE-00" })).total).toBe(9);
  });

  it("recomputes the facts when votes changed, at most once a minute", async () => {
    const [first] = (await loadGallery(projectId, { sort: "divergence" })).images;
    const before = first!.divergence;
    await db.image.update({ where: { id: first!.id }, data: { counts: [0, 9, 0, 0], voteCount: 9 } });
    // Within the minute: the old figures, and the page is told at which vote count they were computed.
    const soon = await loadGallery(projectId, { q: first!.externalName });
    expect(soon.images[0]!.divergence).toBe(before);
    expect(soon.factsVotes).not.toBe(soon.votes);
    // A minute later (the stamp backdated), the next view recomputes them.
    await db.projectStat.update({
      where: { projectId_kind: { projectId, kind: `facts:${modelId}` } },
      data: { computedAt: new Date(Date.now() - 61_000) },
    });
    const later = await loadGallery(projectId, { q: first!.externalName });
    const model = predictionOf.get(first!.id)!.slice(0, 3);
    expect(later.images[0]!.divergence).toBeCloseTo(jensenShannon([0, 1, 0], model), 12);
    expect(later.images[0]!.divergence).not.toBeCloseTo(before!, 6);
    expect(later.factsVotes).toBe(later.votes);
  });

  it("gives the image page the neighbours of the gallery order", async () => {
    const view = { sort: "confidence", dir: "asc", split: "valid" } as const;
    const [page] = await walk(view);
    const middle = page!.images[5]!;
    const around = await galleryNeighbours(projectId, middle.id, view);
    expect(around.previous?.id).toBe(page!.images[4]!.id);
    expect(around.next?.id).toBe(page!.images[6]!.id);
    const firstFace = await galleryNeighbours(projectId, page!.images[0]!.id, view);
    expect(firstFace.previous).toBeNull();
  });

  it("names the field of an invalid sort or cursor", () => {
    const parsed = parseGalleryFilters({ sort: "random", after: "12;drop", model: "-1" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join(".")).sort()).toEqual([
      "after",
      "model",
      "sort",
    ]);
  });
});
