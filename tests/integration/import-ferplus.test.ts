// Importing real FER+ data: exact images and vote counts per label, and idempotent re-runs.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { importFerplusFolder } from "../../lib/import/ferplus";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { ferplusDir, ferplusSubset } from "../helpers/ferplus";

const root = ferplusDir("import-ferplus");

describe.skipIf(!root)("FER+ import (200-image subset of FER2013Train)", () => {
  it("stores exactly the images and the votes per label of label.csv, and a second run adds nothing", async () => {
    const { dir, lines } = await ferplusSubset(root!, "FER2013Train", 200);
    const expected = new Array<number>(FERPLUS_LABELS.length).fill(0);
    for (const line of lines) {
      line
        .split(",")
        .slice(-FERPLUS_LABELS.length)
        .forEach((count, label) => (expected[label]! += Number(count)));
    }
    const totalVotes = expected.reduce((a, b) => a + b, 0);

    const first = await importFerplusFolder({ projectName: "fer-subset", dir });
    expect(first).toMatchObject({ images: 200, votes: totalVotes, existing: 0, skipped: [] });

    const project = await db.project.findUniqueOrThrow({ where: { name: "fer-subset" } });
    expect(project.labels).toEqual([...FERPLUS_LABELS]);
    const images = await db.image.findMany({ where: { projectId: project.id } });
    expect(images).toHaveLength(200);
    expect(new Set(images.map((i) => i.split))).toEqual(new Set(["train"]));
    const grouped = await db.vote.groupBy({
      by: ["label"],
      where: { projectId: project.id },
      _count: { _all: true },
    });
    const stored = new Array<number>(FERPLUS_LABELS.length).fill(0);
    for (const g of grouped) stored[g.label] = g._count._all;
    expect(stored).toEqual(expected);
    // Every vote is its own row, marked as imported, with no Chorus annotator.
    expect(
      await db.vote.count({ where: { projectId: project.id, source: "import", annotatorId: null } }),
    ).toBe(totalVotes);
    // Running counts agree with label.csv row by row.
    const byName = new Map(images.map((i) => [i.externalName, i.counts]));
    for (const line of lines) {
      const cells = line.split(",");
      expect(byName.get(cells[0]!)).toEqual(cells.slice(-FERPLUS_LABELS.length).map(Number));
    }

    const second = await importFerplusFolder({ projectName: "fer-subset", dir });
    expect(second).toMatchObject({ images: 0, votes: 0, existing: 200 });
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(totalVotes);
    expect(await db.image.count({ where: { projectId: project.id } })).toBe(200);
  });
});
