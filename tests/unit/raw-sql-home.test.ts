// The raw-SQL convention (docs/architecture.md, "Data layer"): in lib/, SQL text and the calls that
// run it live only in a domain's sql.ts (or sql/<topic>.ts), where every exported function or const
// says in a `// Raw` line why Prisma's query API cannot say it. lib/database (the migrator) and
// lib/jobs (pg-boss's tables) are SQL by nature.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.resolve(__dirname, "../../lib");

/** Folders whose files may hold raw SQL anywhere. */
const SQL_FOLDERS = ["lib/database/", "lib/jobs/"];

/** What counts as raw SQL: Prisma's raw calls, SQL builders, and any pg `.query(` call. */
const RAW_SQL = [
  /\$(queryRaw|executeRaw)(Unsafe)?\b/,
  /\bPrisma\.(sql|raw)\b/,
  /\.query\s*(<[^>()]*>)?\s*\(/,
];

/** A domain's SQL home: lib/<domain>/sql.ts or lib/<domain>/sql/<topic>.ts. */
function isSqlHome(file: string): boolean {
  return /^lib\/[a-z-]+\/(sql\.ts|sql\/[a-z-]+\.ts)$/.test(file);
}

function isAllowed(file: string): boolean {
  return isSqlHome(file) || SQL_FOLDERS.some((folder) => file.startsWith(folder));
}

/** Lines of `source` that hold raw SQL, as "line: text". */
function rawSqlLines(source: string): string[] {
  return source
    .split("\n")
    .map((text, index) => ({ text, line: index + 1 }))
    .filter(({ text }) => !/^\s*(\/\/|\*)/.test(text) && RAW_SQL.some((pattern) => pattern.test(text)))
    .map(({ text, line }) => `${line}: ${text.trim()}`);
}

/** Exported functions and consts of an SQL home without a `// Raw` reason line above them (or above their doc comment). */
function exportsWithoutReason(source: string): string[] {
  const lines = source.split("\n");
  const missing: string[] = [];
  lines.forEach((text, index) => {
    const name = /^export (?:async )?(?:function\*? |const )([A-Za-z0-9_]+)/.exec(text)?.[1];
    if (!name) return;
    let above = index - 1;
    if (lines[above]?.trim().endsWith("*/")) {
      while (above >= 0 && !lines[above]!.trim().startsWith("/**")) above--;
      above--;
    }
    // The first line of the `//` run right above must give the reason.
    let first = -1;
    while (above >= 0 && lines[above]!.trim().startsWith("//")) first = above--;
    if (first < 0 || !lines[first]!.trim().startsWith("// Raw")) missing.push(name);
  });
  return missing;
}

function libFiles(dir = LIB): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : libFiles(full);
    return entry.name.endsWith(".ts")
      ? [path.relative(path.dirname(LIB), full).split(path.sep).join("/")]
      : [];
  });
}

const files = libFiles();
const read = (file: string) => readFileSync(path.resolve(LIB, "..", file), "utf8");

describe("raw SQL has one home per domain", () => {
  it("finds the files it scans", () => {
    expect(files).toContain("lib/votes/sql.ts");
    expect(files.length).toBeGreaterThan(100);
  });

  it("keeps raw SQL out of every other file of lib/", () => {
    const outside = files
      .filter((file) => !isAllowed(file))
      .flatMap((file) => rawSqlLines(read(file)).map((line) => `${file}:${line}`));
    expect(outside).toEqual([]);
  });

  it("gives each domain one SQL home: sql.ts or a sql/ folder, not both", () => {
    const domains = new Set(files.filter(isSqlHome).map((file) => file.split("/")[1]!));
    const both = [...domains].filter(
      (domain) =>
        files.includes(`lib/${domain}/sql.ts`) && files.some((file) => file.startsWith(`lib/${domain}/sql/`)),
    );
    expect(both).toEqual([]);
  });

  it("says why each exported statement is raw SQL", () => {
    const missing = files
      .filter(isSqlHome)
      .flatMap((file) => exportsWithoutReason(read(file)).map((name) => `${file}: ${name}`));
    expect(missing).toEqual([]);
  });

  it("recognises a raw-SQL site and a missing reason", () => {
    expect(rawSqlLines("const rows = await db.$queryRaw`SELECT 1`;")).toHaveLength(1);
    expect(rawSqlLines("await client.query<{ n: string }>(\n  `SELECT 1`);")).toHaveLength(1);
    expect(rawSqlLines("const x = Prisma.sql`TRUE`;")).toHaveLength(1);
    expect(rawSqlLines("// db.$queryRaw in a comment\nconst y = db.vote.findMany();")).toEqual([]);
    expect(isAllowed("lib/votes/record-vote.ts")).toBe(false);
    expect(isAllowed("lib/tasks/sql/leases.ts")).toBe(true);
    expect(exportsWithoutReason("/** Doc. */\nexport function f() {}")).toEqual(["f"]);
    expect(exportsWithoutReason("// Raw: why.\n/** Doc. */\nexport function f() {}")).toEqual([]);
    expect(exportsWithoutReason("// Other.\nexport const g = 1;")).toEqual(["g"]);
  });
});
