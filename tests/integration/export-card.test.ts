// The dataset card against the files it ships with (issue 15): for every format, each file and
// folder the card lists exists, every file and folder of the bundle is listed, and the card's fields
// are exactly the data file's columns or keys, in order. Also: a direct download's card carries the
// license and provenance given with it.
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parquetMetadata, parquetSchema } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/projects/[id]/export/route";
import { db } from "../../lib/db";
import type { ExportFormat } from "../../lib/export/options";
import { runExport } from "../../lib/export/run";
import { folderTarget } from "../../lib/export/targets";
import { createTestUser } from "../helpers/auth";
import { FIXED_DATE, FIXED_SECRET, seedSyntheticProject, type SeededProject } from "./export-fixture";

const OUTPUT = path.resolve("tests/output/export-card");
let seeded: SeededProject;

beforeAll(async () => {
  seeded = await seedSyntheticProject("card-check");
});

/** The backticked names of the lines of a card section ("## Files" or "## Fields"). */
function section(card: string, title: string): string[] {
  const lines = card.split("\n");
  const start = lines.indexOf(`## ${title}`);
  expect(start, `card has ## ${title}`).toBeGreaterThanOrEqual(0);
  const body = lines.slice(
    start + 1,
    lines.findIndex((line, i) => i > start && line.startsWith("## ")),
  );
  return body.flatMap((line) => {
    const match = /^(?:- |\| )`([^`]+)`/.exec(line);
    return match ? [match[1]!] : [];
  });
}

async function exportFolder(format: ExportFormat) {
  const dir = path.join(OUTPUT, format);
  await rm(dir, { recursive: true, force: true });
  const { card } = await runExport({
    projectId: seeded.projectId,
    format,
    target: await folderTarget(dir),
    pseudonymSecret: FIXED_SECRET,
    exportedAt: FIXED_DATE,
  });
  const entries = await readdir(dir, { withFileTypes: true });
  return { dir, card, entries };
}

/** Checks the card's Files section against the bundle's top level. */
function expectFilesListed(
  card: string,
  entries: { name: string; isDirectory(): boolean }[],
  dataFiles: string[],
) {
  const listed = section(card, "Files");
  const folders = entries.filter((e) => e.isDirectory()).map((e) => `${e.name}/`);
  const rootImages = entries.filter((e) => !e.isDirectory() && e.name.endsWith(".png"));
  const rootFiles = entries.filter((e) => !e.isDirectory() && !e.name.endsWith(".png")).map((e) => e.name);
  expect(listed.filter((p) => p.endsWith("/") && p !== "./").sort()).toEqual(folders.sort());
  expect(listed.filter((p) => !p.endsWith("/")).sort()).toEqual(dataFiles.sort());
  expect(rootFiles.sort()).toEqual([...dataFiles, "README.md"].sort());
  // Images at the root exist exactly when the card says some lie there.
  expect(listed.includes("./")).toBe(rootImages.length > 0);
}

describe("dataset card matches its files", () => {
  it("csv: header = fields; split folders and root images as listed", async () => {
    const { dir, card, entries } = await exportFolder("csv");
    expectFilesListed(card, entries, ["data.csv"]);
    const [header] = parse(await readFile(path.join(dir, "data.csv"), "utf8"), { to_line: 1 }) as string[][];
    expect(section(card, "Fields")).toEqual(header);
    expect(card).not.toContain("`distribution`");
    expect(card).not.toContain("Unsplit");
  });

  it("jsonl: every line's keys = fields; images/ listed", async () => {
    const { dir, card, entries } = await exportFolder("jsonl");
    expectFilesListed(card, entries, ["data.jsonl"]);
    const lines = (await readFile(path.join(dir, "data.jsonl"), "utf8")).trim().split("\n");
    for (const line of lines) expect(section(card, "Fields")).toEqual(Object.keys(JSON.parse(line)));
  });

  it("parquet: top-level schema columns = fields", async () => {
    const { dir, card, entries } = await exportFolder("parquet");
    expectFilesListed(card, entries, ["data.parquet"]);
    const bytes = await readFile(path.join(dir, "data.parquet"));
    const schema = parquetSchema(
      parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    );
    expect(section(card, "Fields")).toEqual(schema.children.map((child) => child.element.name));
  });

  it("ferplus: one listed folder per split with label.csv rows as wide as the fields", async () => {
    const { dir, card, entries } = await exportFolder("ferplus");
    expectFilesListed(card, entries, []);
    const fields = section(card, "Fields");
    for (const folder of entries.filter((e) => e.isDirectory())) {
      const rows = parse(await readFile(path.join(dir, folder.name, "label.csv"), "utf8")) as string[][];
      for (const row of rows) expect(row).toHaveLength(fields.length);
    }
  });
});

describe("GET /api/projects/{id}/export card fields", () => {
  it("writes the license and provenance given with a download, and names a bad one", async () => {
    const researcher = await createTestUser("researcher", { projectId: seeded.projectId });
    const call = (query: string) =>
      GET(new Request(`http://test/export?${query}`, { headers: researcher.headers }), {
        params: Promise.resolve({ id: String(seeded.projectId) }),
      });
    const response = await call("format=csv&zip=1&license=MIT%20(typed)&provenance=Lab%20study%202026");
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const card = new TextDecoder().decode(files["README.md"]);
    expect(card).toContain("## License\nMIT (typed)\n");
    expect(card).toContain("## Provenance\nLab study 2026\n");
    const stored = await db.project.findUniqueOrThrow({ where: { id: seeded.projectId } });
    expect(stored.license).not.toBe("MIT (typed)");
    const bad = await call(`format=csv&license=${"x".repeat(2001)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("license");
  });
});
