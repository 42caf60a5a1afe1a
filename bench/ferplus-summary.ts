// One table from several bench:ferplus runs: `npm run bench:ferplus-summary [-- --inputs a,b --out ferplus]`.
// Each paradigm needs a quiet hour of its own on 2 cores, so the 60-minute comparison is run one
// paradigm (or recipe) at a time, possibly across days, each into its own result file; this merges
// them into bench/results/<out>.md. A row names what differs from the schema's defaults, so runs with
// different recipes stay distinguishable, and keeps each run's date and load.
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { quantile } from "../lib/ambiguity/bootstrap";
import { PLL_ONLY_SETTINGS, trainSettingsSchema, type TrainSettings } from "../lib/model/settings";
import { percent, perClassText, type ParadigmRow, type TableContext } from "./ferplus-table";

const { values: flags } = parseArgs({
  options: {
    // Result basenames in bench/results (without .json); default: every ferplus-60min*.json there.
    inputs: { type: "string" },
    out: { type: "string", default: "ferplus" },
  },
});

type RunFile = TableContext & { rows: ParadigmRow[] };
const RESULTS = path.join("bench", "results");
// Settings that describe the run rather than the recipe: shown in their own columns or the header.
const RUN_KEYS = new Set(["paradigm", "epochs", "minutes", "threads", "limit", "seed"]);

/** The recipe settings of a run that differ from today's defaults, e.g. `inputNorm=range`. */
function recipeOf(settings: TrainSettings): string {
  const defaults = trainSettingsSchema.parse({ paradigm: settings.paradigm }) as Record<string, unknown>;
  const changed = Object.entries(settings)
    .filter(([key]) => !RUN_KEYS.has(key) && (settings.paradigm === "pll" || !PLL_ONLY_SETTINGS.has(key)))
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(defaults[key]))
    .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`);
  return changed.length === 0 ? "defaults" : changed.join(", ");
}

/** Median training images per second over a run's epochs (robust to a slow first or partial last one). */
function medianSpeed(row: ParadigmRow): number {
  return quantile(
    row.epochs.map((epoch) => epoch.imagesPerSecond).sort((a, b) => a - b),
    0.5,
  );
}

async function inputNames(): Promise<string[]> {
  if (flags.inputs) return flags.inputs.split(",").map((name) => name.trim());
  const files = await readdir(RESULTS);
  return files
    .filter((file) => /^ferplus-60min.*\.json$/.test(file))
    .map((file) => file.replace(/\.json$/, ""))
    .sort();
}

async function main() {
  const names = await inputNames();
  if (names.length === 0)
    throw new Error("no inputs: pass --inputs or run bench:ferplus --out ferplus-60min-...");
  const runs: { name: string; run: RunFile; row: ParadigmRow }[] = [];
  for (const name of names) {
    const run = JSON.parse(await readFile(path.join(RESULTS, `${name}.json`), "utf8")) as RunFile;
    for (const row of run.rows) runs.push({ name, run, row });
  }
  runs.sort((a, b) => b.row.valid.accuracy - a.row.valid.accuracy);
  const budget = (s: TrainSettings) => (s.minutes ? `${s.minutes} min` : `${s.epochs} ep`);
  const lines = [
    "# FER+ paradigms at a real budget (bench:ferplus, merged by bench/ferplus-summary.ts)",
    "",
    "Each row is one `bench:ferplus` run of one paradigm on a quiet 2-core machine (nothing else running),",
    "all of FER2013Train, the epoch selected on all of FER2013Valid (FERPlus majority protocol), scored there.",
    "Recipe: the settings that differ from today's defaults (lib/model/settings.ts; pll-only settings",
    "shown for pll rows only). Sorted by accuracy. Img/s is the median training speed over the run's epochs:",
    "runs on different days may get machines of different speed (same model name, same load), and the",
    "epochs a budget buys follow it.",
    "",
    "| Paradigm | Recipe | Budget | Threads | Valid acc (%) | KL to crowd | ECE | NLL | Best / run epochs | Img/s | Wall min | CPU min | Run (UTC), machine | File |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...runs.map(({ name, run, row }) => {
      const s = { ...run.settings, paradigm: row.paradigm } as TrainSettings;
      return (
        `| ${row.paradigm} | ${recipeOf(s)} | ${budget(s)} | ${s.threads ?? "all"} | ${percent(row.valid.accuracy)} | ` +
        `${row.valid.klToCrowd.toFixed(3)} | ${row.valid.ece.toFixed(3)} | ${row.valid.nll.toFixed(3)} | ` +
        `${row.bestEpoch} / ${row.epochs.length} | ${medianSpeed(row).toFixed(0)} | ` +
        `${row.minutes.toFixed(1)} | ${row.cpuMinutes.toFixed(1)} | ` +
        `${run.date.slice(0, 16).replace("T", " ")}, ${run.machine} | ${name} |`
      );
    }),
    "",
    "Per-class valid accuracy (%) of the selected epoch:",
    "",
    ...runs.map(({ name, row }) => `- ${name}: ${perClassText(row.valid.perClassAccuracy)}`),
    "",
    "Learning curves, valid accuracy (%) after each epoch:",
    "",
    ...runs.map(
      ({ name, row }) => `- ${name}: ${row.epochs.map((epoch) => percent(epoch.accuracy)).join(", ")}`,
    ),
    "",
    "KL to the crowd after each epoch:",
    "",
    ...runs.map(
      ({ name, row }) => `- ${name}: ${row.epochs.map((epoch) => epoch.klToCrowd.toFixed(3)).join(", ")}`,
    ),
    "",
    "Reference (not comparable: 100 epochs of VGG13 on all 28k images, on FER2013Test): FERPlus reported",
    "83.85 (majority), 84.72 (cross-entropy), 84.99 (PLD) % test accuracy (Barsoum et al. 2016, Table 1).",
    "",
  ];
  const out = path.join(RESULTS, path.basename(flags.out));
  await writeFile(`${out}.md`, lines.join("\n"));
  const merged = runs.map(({ name, run, row }) => ({
    file: name,
    date: run.date,
    machine: run.machine,
    settings: run.settings,
    row,
  }));
  await writeFile(`${out}.json`, JSON.stringify({ merged: names, runs: merged }, null, 2) + "\n");
  console.log(`wrote ${out}.md and .json from ${names.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
