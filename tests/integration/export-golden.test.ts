// Every export format of the synthetic project against golden files (tests/golden/export/).
// Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExportFormat } from "../../lib/export/options";
import { runExport } from "../../lib/export/run";
import { folderTarget } from "../../lib/export/targets";
import { FIXED_DATE, FIXED_SECRET, seedSyntheticProject, sha256, type SeededProject } from "./export-fixture";

const GOLDEN = path.resolve("tests/golden/export");
const OUTPUT = path.resolve("tests/output/export-golden");
const update = process.env.UPDATE_GOLDEN === "1";

/** Compares `actual` with the golden file `name` (or writes it under UPDATE_GOLDEN=1). */
async function expectGolden(name: string, actual: string) {
  const file = path.join(GOLDEN, name);
  if (update) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, actual);
  }
  expect(actual, `golden ${name}`).toBe(await readFile(file, "utf8"));
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function exportTo(format: ExportFormat, seeded: SeededProject) {
  const dir = path.join(OUTPUT, format);
  await rm(dir, { recursive: true, force: true });
  const result = await runExport({
    projectId: seeded.projectId,
    format,
    target: await folderTarget(dir),
    pseudonymSecret: FIXED_SECRET,
    exportedAt: FIXED_DATE,
  });
  return { dir, result, files: await listFiles(dir) };
}

describe("export golden files", () => {
  let seeded: SeededProject;
  beforeAll(async () => {
    seeded = await seedSyntheticProject();
  });

  it("csv: fer2013new.csv columns, images in FERPlus split folders", async () => {
    const { dir, files } = await exportTo("csv", seeded);
    expect(files).toEqual([
      "FER2013Test/face-005.png",
      "FER2013Train/face-001.png",
      "FER2013Train/face-002.png",
      "FER2013Train/face-003.png",
      "FER2013Valid/face-004.png",
      "README.md",
      "data.csv",
      "face-006.png",
    ]);
    const csv = await readFile(path.join(dir, "data.csv"), "utf8");
    expect(csv.split("\n")[0]).toBe(
      "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF",
    );
    await expectGolden("csv/data.csv", csv);
    await expectGolden("csv/README.md", await readFile(path.join(dir, "README.md"), "utf8"));
    for (const [name, data] of seeded.blobs) {
      const file = files.find((f) => f.endsWith(name))!;
      expect(sha256(await readFile(path.join(dir, file)))).toBe(sha256(data));
    }
  });

  it("ferplus: label.csv per split folder with the face box, exactly like FERPlus's files", async () => {
    const { dir, files } = await exportTo("ferplus", seeded);
    expect(files.filter((f) => f.endsWith("label.csv"))).toEqual([
      "FER2013Test/label.csv",
      "FER2013Train/label.csv",
      "FER2013Valid/label.csv",
      "Unsplit/label.csv",
    ]);
    const train = await readFile(path.join(dir, "FER2013Train/label.csv"), "utf8");
    expect(train.split("\n")[0]).toBe('face-001.png,"(0, 0, 4, 4)",0,2,1,0,0,0,0,0,0,0');
    for (const file of files.filter((f) => f.endsWith("label.csv"))) {
      await expectGolden(`ferplus/${file}`, await readFile(path.join(dir, file), "utf8"));
    }
    await expectGolden("ferplus/README.md", await readFile(path.join(dir, "README.md"), "utf8"));
  });

  it("jsonl: one image a line with votes, pseudonyms, distribution and predictions", async () => {
    const { dir, files } = await exportTo("jsonl", seeded);
    expect(files).toContain("images/face-001.png");
    const text = await readFile(path.join(dir, "data.jsonl"), "utf8");
    await expectGolden("jsonl/data.jsonl", text);
    await expectGolden("jsonl/README.md", await readFile(path.join(dir, "README.md"), "utf8"));
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(6);
    // No account or worker id leaks.
    for (const id of ["ann-1", "ann-2", "ann-3", "crowd-7"]) expect(text).not.toContain(id);
    const first = lines[0];
    expect(first.votes.map((v: { durationMs: number }) => v.durationMs)).toEqual([1200, 900, 2100]);
    expect(first.majority).toBe("happiness");
    expect(first.distribution.happiness).toBeCloseTo(2 / 3, 12);
    expect(first.prediction.happiness).toBeCloseTo(0.55, 12);
    expect(lines[2].prediction).toBeNull();
    expect(lines[5]).toMatchObject({ split: null, majority: null, votes: [] });
  });

  it("parquet: schema, Hugging Face metadata and values read back with hyparquet", async () => {
    const { dir } = await exportTo("parquet", seeded);
    const bytes = await readFile(path.join(dir, "data.parquet"));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    const schema = parquetSchema(metadata);
    expect(schema.children.map((c) => c.element.name)).toEqual([
      "image",
      "id",
      "name",
      "split",
      "counts",
      "distribution",
      "entropy",
      "majority",
    ]);
    expect(
      schema.children[0]!.children.map((c) => [c.element.name, c.element.type, c.element.converted_type]),
    ).toEqual([
      ["bytes", "BYTE_ARRAY", undefined],
      ["path", "BYTE_ARRAY", "UTF8"],
    ]);
    const hf = metadata.key_value_metadata?.find((kv) => kv.key === "huggingface");
    expect(JSON.parse(hf!.value!)).toEqual({ info: { features: { image: { _type: "Image" } } } });
    const rows = (await parquetReadObjects({ file, utf8: false })) as Record<string, unknown>[];
    expect(rows).toHaveLength(6);
    const decoded = rows.map((row) => {
      const image = row.image as { bytes: Uint8Array; path: Uint8Array };
      const text = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : v);
      return {
        ...row,
        image: { sha256: sha256(image.bytes), path: text(image.path) },
        name: text(row.name),
        split: text(row.split),
        majority: text(row.majority),
      };
    });
    for (const row of decoded) expect(row.image.sha256).toBe(sha256(seeded.blobs.get(row.name as string)!));
    await expectGolden("parquet/rows.json", JSON.stringify(decoded, null, 2) + "\n");
  });
});
