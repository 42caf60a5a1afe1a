// `npx tsx bench/warm-start.ts [-- --old 1500 --new 500 --valid 600 --epochs 2 --model-size small --threads 1 --seed 1]`:
// continuous retraining on a FER+ subset (FERPLUS_DIR, no database). A first model trains on `old`
// train images; then `new` more images "arrive" and the retrain runs on all of them twice at the same
// budget (the same number of epochs, hence steps): from scratch and warm-started from the first model.
// Valid accuracy (FERPlus majority protocol) and KL to the crowd on `valid` images of FER2013Valid
// -> bench/results/warm-start.json. The budget is in steps, not minutes, so a shared machine's load
// changes the wall time but not what is compared.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { initBackend, train, type LabeledSet, type TrainResult } from "../lib/model";
import { FERPLUS_CLASSES, loadFolder } from "./ferplus-folder";

const { values: flags } = parseArgs({
  options: {
    old: { type: "string", default: "1500" },
    new: { type: "string", default: "500" },
    valid: { type: "string", default: "600" },
    epochs: { type: "string", default: "2" },
    "model-size": { type: "string", default: "small" },
    threads: { type: "string", default: "1" },
    // Seed of the first model; the retrains use seed + 1.
    seed: { type: "string", default: "1" },
  },
});
const CLASSES = FERPLUS_CLASSES;

function summary(result: TrainResult, seconds: number) {
  return {
    accuracy: +result.best.valid.accuracy.toFixed(4),
    klToCrowd: +result.best.valid.klToCrowd.toFixed(4),
    bestEpoch: result.best.epoch,
    perEpochAccuracy: result.epochs.map((epoch) => +epoch.valid.accuracy.toFixed(4)),
    steps: result.steps,
    wallSeconds: +seconds.toFixed(1),
  };
}

async function main() {
  const loadBefore = +os.loadavg()[0]!.toFixed(2);
  await initBackend({ prefer: "wasm" });
  const [oldCount, newCount] = [Number(flags.old), Number(flags.new)];
  const all = await loadFolder("FER2013Train", oldCount + newCount);
  const old: LabeledSet = {
    imageIds: all.imageIds.slice(0, oldCount),
    pixels: all.pixels.subarray(0, oldCount * 2304),
    counts: all.counts.slice(0, oldCount),
    nonEmotionCounts: all.nonEmotionCounts!.slice(0, oldCount),
  };
  const valid = await loadFolder("FER2013Valid", Number(flags.valid));
  const settings = {
    paradigm: "pll" as const,
    epochs: Number(flags.epochs),
    modelSize: flags["model-size"] as "small",
    threads: Number(flags.threads),
    seed: Number(flags.seed),
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const timed = async (set: LabeledSet, initialWeights?: Float32Array[]) => {
    const start = performance.now();
    const result = await train({ train: set, valid, classes: CLASSES }, settings, { log, initialWeights });
    return { result, seconds: (performance.now() - start) / 1000 };
  };
  const first = await timed(old);
  const weights = first.result.model.getWeights().map((tensor) => tensor.dataSync() as Float32Array);
  // A different seed for the retrain, as a real retrain (new data, new shuffles) would have.
  settings.seed += 1;
  const cold = await timed(all);
  const warm = await timed(all, weights);
  const result = {
    benchmark: "retrain after new votes: cold start vs warm start from the previous model, same steps",
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      loadAverageBefore: loadBefore,
      loadAverageAfter: +os.loadavg()[0]!.toFixed(2),
    },
    settings: { ...settings, seed: `${flags.seed} (first), ${settings.seed} (retrains)` },
    images: { old: oldCount, new: newCount, valid: valid.imageIds.length },
    first: summary(first.result, first.seconds),
    cold: summary(cold.result, cold.seconds),
    warm: summary(warm.result, warm.seconds),
  };
  await mkdir("bench/results", { recursive: true });
  const file = `bench/results/warm-start-seed${flags.seed}.json`;
  await writeFile(file, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
