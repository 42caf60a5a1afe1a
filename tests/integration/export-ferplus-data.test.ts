// On the real FER+ data (FERPLUS_DIR): importing FER2013Valid and exporting it in the FERPlus layout
// gives back FERPlus's own label.csv rows and byte-identical PNGs; the CSV export has fer2013new.csv's
// header and the same counts.
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runExport } from "../../lib/export/run";
import { folderTarget } from "../../lib/export/targets";
import { importFerplusFolder } from "../../lib/import/ferplus";

const FERPLUS_DIR = process.env.FERPLUS_DIR;
if (!FERPLUS_DIR) console.log("export-ferplus-data: skipped, FERPLUS_DIR is not set (the FER+ dataset root)");

const OUTPUT = path.resolve("tests/output/export-ferplus-data");
const lines = (text: string) => text.trim().split("\n");

describe.skipIf(!FERPLUS_DIR)("export of real FER+ data", () => {
  const source = path.join(FERPLUS_DIR ?? "", "FER2013Valid");
  let projectId = 0;
  beforeAll(async () => {
    const summary = await importFerplusFolder({ projectName: "fer-valid", dir: source });
    expect(summary.skipped).toEqual([]);
    projectId = summary.projectId;
  }, 300_000);

  it("FERPlus layout: the same label.csv rows (in name order) and the same PNG bytes", async () => {
    const dir = path.join(OUTPUT, "ferplus");
    await rm(dir, { recursive: true, force: true });
    await runExport({ projectId, format: "ferplus", target: await folderTarget(dir) });
    const original = lines(await readFile(path.join(source, "label.csv"), "utf8"));
    const exported = lines(await readFile(path.join(dir, "FER2013Valid", "label.csv"), "utf8"));
    expect(exported).toEqual([...original].sort());
    const pngs = (await readdir(source)).filter((f) => f.endsWith(".png"));
    expect((await readdir(path.join(dir, "FER2013Valid"))).filter((f) => f.endsWith(".png"))).toHaveLength(
      pngs.length,
    );
    for (const name of pngs.slice(0, 200)) {
      expect(await readFile(path.join(dir, "FER2013Valid", name)), name).toEqual(
        await readFile(path.join(source, name)),
      );
    }
  }, 300_000);

  it("CSV: fer2013new.csv's header and PublicTest rows with FERPlus's counts", async () => {
    const dir = path.join(OUTPUT, "csv");
    await rm(dir, { recursive: true, force: true });
    await runExport({ projectId, format: "csv", target: await folderTarget(dir) });
    const csv = lines(await readFile(path.join(dir, "data.csv"), "utf8"));
    const header = lines(await readFile(path.join(FERPLUS_DIR!, "fer2013new.csv"), "utf8"))[0];
    expect(csv[0]).toBe(header);
    const expected = lines(await readFile(path.join(source, "label.csv"), "utf8"))
      .map((row) => {
        const [, name, counts] = /^([^,]+),"\([^"]*\)",(.*)$/.exec(row)!;
        return `PublicTest,${name},${counts}`;
      })
      .sort();
    expect(csv.slice(1)).toEqual(expected);
  }, 300_000);
});
