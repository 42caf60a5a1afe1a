// Measures the code's shape (issue 13): import circles, imports that run from a lower layer up, duplicated
// code blocks, raw-SQL sites and files per folder. Usage: node scripts/shape.mjs [--out file.md]
// Layers, lowest first: pure cores (lib/ambiguity, lib/model, lib/random.ts, lib/errors.ts, lib/env.ts) < the database
// (lib/db.ts, lib/database, lib/generated) < domains (other lib/*) < entry points (app, bin, workers).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const roots = ["app", "lib", "bin", "workers"];
const graph = JSON.parse(
  execFileSync(
    "npx",
    ["-y", "madge@8", "--json", "--extensions", "ts,tsx,mjs", "--ts-config", "tsconfig.json", ...roots],
    { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] },
  ),
);
const own = (file) => !file.startsWith("lib/generated/");

function layer(file) {
  if (/^(app|bin|workers)\//.test(file)) return 3;
  if (/^lib\/(ambiguity|model)\//.test(file) || /^lib\/(random|errors|env)\.ts$/.test(file)) return 0;
  if (/^lib\/(db\.ts|database\/|generated\/)/.test(file)) return 1;
  return 2;
}

// Circles: Tarjan's strongly connected components over our own files.
const index = new Map(),
  low = new Map(),
  stack = [],
  onStack = new Set(),
  circles = [];
let counter = 0;
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of (graph[v] ?? []).filter(own)) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) circles.push(component.sort());
  }
}
for (const v of Object.keys(graph).filter(own)) if (!index.has(v)) connect(v);

const upward = [];
for (const [from, tos] of Object.entries(graph))
  if (own(from)) for (const to of tos) if (layer(to) > layer(from)) upward.push(`${from} -> ${to}`);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const sources = roots.flatMap(files).filter((f) => /\.(ts|tsx|mjs)$/.test(f) && own(f));
const rawSql = /\$(queryRaw|executeRaw)(Unsafe)?\b|\.query\(\s*[`"']/g;
const sqlSites = sources
  .map((f) => [f, (readFileSync(f, "utf8").match(rawSql) ?? []).length])
  .filter(([, n]) => n > 0);
const folders = new Map();
for (const f of sources) {
  const dir = f.split("/").slice(0, 2).join("/");
  if ((dir.startsWith("lib/") && !dir.endsWith(".ts")) || dir === "bin/commands")
    folders.set(dir, (folders.get(dir) ?? 0) + 1);
}
const lines = sources.map((f) => readFileSync(f, "utf8").split("\n").length).sort((a, b) => a - b);
const dupes = execFileSync("duplicates", ["--most", "1", "--seconds", "60"], { encoding: "utf8" }).split(
  "\n",
)[0];

const out = [
  `# Code shape (${new Date().toISOString()}, commit ${execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim()})`,
  "",
  `- source files: ${sources.length}; lines per file median ${lines[lines.length >> 1]}, largest ${lines.at(-1)}`,
  `- import circles (strongly connected groups, lib/generated excluded): ${circles.length}`,
  ...circles.map((c) => `  - ${c.join(" <-> ")}`),
  `- imports from a lower layer up: ${upward.length}`,
  ...upward.map((u) => `  - ${u}`),
  `- duplicated blocks (duplicates, >= 6 lines, whole tree incl. tests): ${dupes}`,
  `- raw-SQL sites: ${sqlSites.reduce((s, [, n]) => s + n, 0)} in ${sqlSites.length} files`,
  `- files per folder: ${[...folders]
    .sort()
    .map(([d, n]) => `${d} ${n}`)
    .join(", ")}`,
].join("\n");
const at = process.argv.indexOf("--out");
if (at > 0) writeFileSync(process.argv[at + 1], out + "\n");
console.log(out);
