// `npx tsx bench/recipe.ts [-- --limit 4000 --epochs 3 --model-size small --threads 1 --seed 1 --variants a,b --out NAME]`:
// the recipe's pieces (lib/model/recipe-settings.ts) one at a time against a baseline, at a FIXED number
// of epochs (so the figures do not depend on the shared machine's load, given the seed and thread
// count): the first `limit` rows of FER2013Train (FERPLUS_DIR, no database), all of FER2013Valid,
// best epoch on Valid (FERPlus majority protocol). Variants run one after another in this process;
// the table is rewritten after each -> bench/results/<out>.md (+ .json), with the load average.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { initBackend, train, type TrainSettingsInput } from "../lib/model";
import { FERPLUS_CLASSES, loadFolder } from "./ferplus-folder";

/** name -> settings over the run's base; `majority`/`pll` are the baselines of their paradigm. */
const VARIANTS: Record<string, TrainSettingsInput> = {
  majority: { paradigm: "majority" },
  "majority+bn": { paradigm: "majority", batchNorm: true },
  "majority+smooth0.1": { paradigm: "majority", labelSmoothing: 0.1 },
  "majority+mixup0.2": { paradigm: "majority", mixup: 0.2 },
  "majority+cutout16": { paradigm: "majority", cutout: 16 },
  "majority+ema0.995": { paradigm: "majority", emaDecay: 0.995 },
  "majority+ttaflip": { paradigm: "majority", ttaFlip: true },
  "majority+perimage": { paradigm: "majority", inputNorm: "perImage" },
  "majority+combined": {
    paradigm: "majority",
    batchNorm: true,
    labelSmoothing: 0.1,
    emaDecay: 0.995,
    ttaFlip: true,
  },
  pll: { paradigm: "pll" },
  "pll+share0.3": { paradigm: "pll", candidateRule: { kind: "share", share: 0.3 } },
  "pll+top2": { paradigm: "pll", candidateRule: { kind: "topK", k: 2 } },
  "pll+warmup1": { paradigm: "pll", pllWarmupEpochs: 1 },
  "pll+proto0.3": { paradigm: "pll", prototypeWeight: 0.3 },
  "pll+votes0.3": { paradigm: "pll", voteWeight: 0.3 },
};

const { values: flags } = parseArgs({
  options: {
    limit: { type: "string", default: "4000" },
    epochs: { type: "string", default: "3" },
    "model-size": { type: "string", default: "small" },
    threads: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    variants: { type: "string", default: Object.keys(VARIANTS).join(",") },
    out: { type: "string", default: "recipe-epochs" },
  },
});

const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const pct = (value: number) => (value * 100).toFixed(2);

async function main() {
  const names = flags.variants.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !VARIANTS[name]);
  if (unknown.length > 0)
    throw new Error(`unknown variants ${unknown.join(", ")}: ${Object.keys(VARIANTS).join(", ")}`);
  const backend = await initBackend({});
  const trainSet = await loadFolder("FER2013Train", Number(flags.limit));
  const validSet = await loadFolder("FER2013Valid", 100_000);
  log(`loaded ${trainSet.imageIds.length} train + ${validSet.imageIds.length} valid rows (${backend})`);
  const base: TrainSettingsInput = {
    epochs: Number(flags.epochs),
    modelSize: flags["model-size"] as TrainSettingsInput["modelSize"],
    threads: Number(flags.threads),
    seed: Number(flags.seed),
  };
  const rows = [];
  for (const name of names) {
    const loadBefore = os.loadavg()[0]!;
    const cpuStart = cpuSeconds();
    const wallStart = Date.now();
    const result = await train(
      { train: trainSet, valid: validSet, classes: FERPLUS_CLASSES },
      { ...base, ...VARIANTS[name] },
      { log: (line) => log(`${name}: ${line}`) },
    );
    result.model.dispose();
    const { valid } = result.best;
    rows.push({
      variant: name,
      settings: VARIANTS[name],
      accuracy: valid.accuracy,
      klToCrowd: valid.klToCrowd,
      ece: valid.ece,
      nll: valid.nll,
      bestEpoch: result.best.epoch,
      perEpochAccuracy: result.epochs.map((epoch) => +epoch.valid.accuracy.toFixed(4)),
      imagesPerSecond: +(
        result.epochs.reduce((s, e) => s + e.imagesPerSecond, 0) / result.epochs.length
      ).toFixed(1),
      cpuMinutes: +((cpuSeconds() - cpuStart) / 60).toFixed(2),
      wallMinutes: +((Date.now() - wallStart) / 60_000).toFixed(2),
      loadAverage: `${loadBefore.toFixed(2)} -> ${os.loadavg()[0]!.toFixed(2)}`,
    });
    log(
      `${name}: valid ${pct(valid.accuracy)} %, KL ${valid.klToCrowd.toFixed(4)}, ECE ${valid.ece.toFixed(4)}`,
    );
    const context = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}`,
      backend,
      base,
      trainImages: trainSet.imageIds.length,
      validImages: validSet.imageIds.length,
    };
    const table = [
      `# Recipe pieces at a fixed number of epochs (bench/recipe.ts)`,
      ``,
      `${context.date}, ${context.machine}, ${backend}; first ${context.trainImages} rows of FER2013Train, ` +
        `all ${context.validImages} rows of FER2013Valid (FERPlus majority protocol; best epoch on Valid); ` +
        `${base.epochs} epochs, model ${base.modelSize}, ${base.threads} thread(s), seed ${base.seed}, other settings default. ` +
        `Fixed epochs: the figures do not depend on the machine's load (1-minute load average per row, before -> after).`,
      ``,
      `| variant | valid acc % | KL to crowd | ECE | NLL | best epoch | acc per epoch | img/s | CPU min | load |`,
      `|---|---|---|---|---|---|---|---|---|---|`,
      ...rows.map(
        (r) =>
          `| ${r.variant} | ${pct(r.accuracy)} | ${r.klToCrowd.toFixed(4)} | ${r.ece.toFixed(4)} | ${r.nll.toFixed(4)} | ` +
          `${r.bestEpoch} | ${r.perEpochAccuracy.join(", ")} | ${r.imagesPerSecond} | ${r.cpuMinutes} | ${r.loadAverage} |`,
      ),
      ``,
    ].join("\n");
    await mkdir("bench/results", { recursive: true });
    await writeFile(`bench/results/${flags.out}.json`, JSON.stringify({ ...context, rows }, null, 2) + "\n");
    await writeFile(`bench/results/${flags.out}.md`, table);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
