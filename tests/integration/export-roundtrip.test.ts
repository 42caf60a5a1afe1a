// Round trip: exporting the synthetic project and importing the export with Chorus's importer
// (lib/import) gives back the same images (bytes), splits and vote counts. An image exported
// without a split comes back placed by the split rule (lib/splits/assign.ts), as every import does.
import { rm } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import type { ExportFormat } from "../../lib/export/options";
import { runExport } from "../../lib/export/run";
import { folderTarget } from "../../lib/export/targets";
import { importFerplusFolder } from "../../lib/import/ferplus";
import { importManifest } from "../../lib/import/manifest";
import { assignSplit, DEFAULT_SPLIT_RATIOS } from "../../lib/splits/assign";
import { seedSyntheticProject, type SeededProject } from "./export-fixture";

const OUTPUT = path.resolve("tests/output/export-roundtrip");

/** name -> image content hash, split and counts, for comparing two projects. */
async function snapshot(projectId: number) {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const images = await db.image.findMany({ where: { projectId }, orderBy: { externalName: "asc" } });
  const votes = await db.vote.count({ where: { projectId } });
  return {
    labels: project.labels,
    votes,
    images: images.map((i) => ({ name: i.externalName, sha256: i.sha256, split: i.split, counts: i.counts })),
  };
}

async function exportFolder(projectId: number, format: ExportFormat) {
  const dir = path.join(OUTPUT, format);
  await rm(dir, { recursive: true, force: true });
  await runExport({ projectId, format, target: await folderTarget(dir) });
  return dir;
}

describe("export round trip through the importer", () => {
  let seeded: SeededProject;
  let original: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    seeded = await seedSyntheticProject("roundtrip-source");
    const source = await snapshot(seeded.projectId);
    expect(source.images).toHaveLength(6);
    expect(source.images.filter((image) => image.split === null)).toHaveLength(1);
    const plan = { ratios: DEFAULT_SPLIT_RATIOS, seed: 0 };
    original = {
      ...source,
      images: source.images.map((image) => ({
        ...image,
        split: image.split ?? assignSplit(image.sha256, plan),
      })),
    };
  });

  it("JSONL + images/ imports as a manifest with the same images, splits, counts and per-vote rows", async () => {
    const dir = await exportFolder(seeded.projectId, "jsonl");
    const summary = await importManifest({
      projectName: "roundtrip-jsonl",
      file: path.join(dir, "data.jsonl"),
    });
    expect(summary.skipped).toEqual([]);
    expect(await snapshot(summary.projectId)).toEqual(original);
    // Votes came back one by one with their durations, grouped by pseudonymous annotators.
    const durations = await db.vote.findMany({
      where: { projectId: summary.projectId, durationMs: { not: null } },
    });
    expect(durations).toHaveLength(12);
    const annotators = await db.vote.findMany({
      where: { projectId: summary.projectId, externalAnnotatorId: { not: null } },
      distinct: ["externalAnnotatorId"],
    });
    expect(annotators).toHaveLength(4);
  });

  it("CSV + FERPlus split folders imports as a manifest with the same images, splits and counts", async () => {
    const dir = await exportFolder(seeded.projectId, "csv");
    const summary = await importManifest({ projectName: "roundtrip-csv", file: path.join(dir, "data.csv") });
    expect(summary.skipped).toEqual([]);
    expect(await snapshot(summary.projectId)).toEqual(original);
  });

  it("FERPlus folders import with --format ferplus into the same images, splits and counts", async () => {
    const dir = await exportFolder(seeded.projectId, "ferplus");
    let projectId = 0;
    for (const [folder, split] of [
      ["FER2013Train", undefined],
      ["FER2013Valid", undefined],
      ["FER2013Test", undefined],
      ["Unsplit", null],
    ] as const) {
      const summary = await importFerplusFolder({
        projectName: "roundtrip-ferplus",
        dir: path.join(dir, folder),
        split,
      });
      expect(summary.skipped).toEqual([]);
      projectId = summary.projectId;
    }
    expect(await snapshot(projectId)).toEqual(original);
  });
});
