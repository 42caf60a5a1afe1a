// Bad rows are reported with their line and reason and skipped; the rest goes in whole.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { generateFaces, renderFace } from "../../lib/demo/synthetic-faces";
import { importFerplusFolder } from "../../lib/import/ferplus";
import { importManifest } from "../../lib/import/manifest";

const box = '"(0, 0, 48, 48)"';

async function folderWithFaces(name: string, count: number) {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "chorus-import-")), name);
  await (await import("node:fs/promises")).mkdir(dir);
  const faces = generateFaces(count, 7);
  for (const face of faces) await writeFile(path.join(dir, face.name), await renderFace(face.params));
  return { dir, faces };
}

describe("import errors", () => {
  it("skips a corrupt PNG, a missing file, a negative count and a malformed row, with line numbers", async () => {
    const { dir, faces } = await folderWithFaces("FER2013Valid", 6);
    const png = await renderFace(faces[2]!.params);
    await writeFile(path.join(dir, faces[2]!.name), png.subarray(0, png.length - 30)); // truncated
    const counts = "3,2,1,1,1,1,1,0,0,0";
    const lines = [
      `${faces[0]!.name},${box},${counts}`,
      `${faces[1]!.name},${box},${counts}`,
      `${faces[2]!.name},${box},${counts}`,
      `missing.png,${box},${counts}`,
      `${faces[3]!.name},${box},3,2,-1,1,1,1,1,0,0,0`,
      `${faces[4]!.name},${box},1,2,3`,
      `${faces[5]!.name},${box},0,0,0,0,0,0,0,0,0,10`,
    ];
    await writeFile(path.join(dir, "label.csv"), lines.join("\n") + "\n");

    const summary = await importFerplusFolder({ projectName: "errors", dir });
    expect(summary.images).toBe(3);
    expect(summary.votes).toBe(30);
    expect(summary.skipped.map((s) => s.line)).toEqual([3, 4, 5, 6]);
    expect(summary.skipped[0]!.reason).toMatch(/corrupt|truncated|not a valid image/);
    expect(summary.skipped[1]!.reason).toMatch(/not found/);
    expect(summary.skipped[2]!.reason).toMatch(/negative/);
    expect(summary.skipped[3]!.reason).toMatch(/expected 12 columns/);

    const project = await db.project.findUniqueOrThrow({ where: { name: "errors" } });
    const images = await db.image.findMany({
      where: { projectId: project.id },
      orderBy: { externalName: "asc" },
    });
    expect(images.map((i) => i.externalName)).toEqual(
      [faces[0]!.name, faces[1]!.name, faces[5]!.name].sort(),
    );
    expect(images.every((i) => i.split === "valid")).toBe(true);
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(30);
  });

  it("reads per-vote and per-count manifests and rejects labels outside the label set by line", async () => {
    const { dir, faces } = await folderWithFaces("manifest", 4);
    const csv = [
      "image,annotator,label,duration_ms",
      `${faces[0]!.name},a1,happy,1200`,
      `${faces[0]!.name},a2,sad,900`,
      `${faces[1]!.name},a1,angry,800`,
      `${faces[1]!.name},a1,happy,800`,
      `${faces[2]!.name},a3,bored,700`,
    ].join("\n");
    await writeFile(path.join(dir, "votes.csv"), csv + "\n");
    const summary = await importManifest({
      projectName: "manifest",
      file: path.join(dir, "votes.csv"),
      labels: ["happy", "sad", "angry"],
    });
    expect(summary).toMatchObject({ images: 2, votes: 3 });
    expect(summary.skipped).toEqual([
      { line: 5, name: faces[1]!.name, reason: 'annotator "a1" already voted on this image' },
      { line: 6, name: faces[2]!.name, reason: 'label "bored" is not in the label set (happy, sad, angry)' },
    ]);
    const project = await db.project.findUniqueOrThrow({ where: { name: "manifest" } });
    const votes = await db.vote.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } });
    expect(votes.map((v) => [v.externalAnnotatorId, v.label, v.durationMs])).toEqual([
      ["a1", 0, 1200],
      ["a2", 1, 900],
      ["a1", 2, 800],
    ]);

    const jsonl = [
      JSON.stringify({ image: faces[3]!.name, split: "test", counts: { happy: 2, sad: 1, angry: 0 } }),
      JSON.stringify({ image: faces[2]!.name, votes: [{ annotator: "x", label: "sad", durationMs: 10 }] }),
      "{not json",
    ].join("\n");
    await writeFile(path.join(dir, "more.jsonl"), jsonl + "\n");
    const more = await importManifest({ projectName: "manifest", file: path.join(dir, "more.jsonl") });
    expect(more).toMatchObject({ images: 2, votes: 4 });
    expect(more.skipped).toEqual([{ line: 3, name: "", reason: "line is not valid JSON" }]);
    const counted = await db.image.findFirstOrThrow({
      where: { projectId: project.id, externalName: faces[3]!.name },
    });
    expect(counted).toMatchObject({ counts: [2, 1, 0], voteCount: 3, split: "test" });
  });
});
