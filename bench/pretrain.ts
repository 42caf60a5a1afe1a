// `npm run bench:pretrain -- [--pairs 30:15,30:30,60:30 | --pretrain-minutes 30,60 --finetune-minutes 15,30 | --epoch-pairs 3:6]
//   [--label-fractions 1,0.25,0.1] [--train N] [--valid N] [--model-size small] [--threads N] [--mask-ratio 0.6] [--raw-target] [--seed 1]
//   [--out bench/results/pretrain.md]`
// Does masked-image-modeling pretraining pay at this compute? For every (P, F) pair in minutes: pretrain
// P minutes on the pixels of FER2013Train + FER2013Valid (labels unused), then fine-tune PLL for F minutes;
// against PLL from scratch for P + F minutes (the same total compute) and for F minutes (what a retrain
// costs once an encoder exists). Fine-tuning and scratch runs see `fraction` of the Train labels (a seeded
// subset). Reported: FER2013Valid accuracy (FERPlus majority protocol), KL to the crowd and ECE of the
// epoch train() selects on Valid (the same rule for every arm). FER+ from FERPLUS_DIR, no database.
// --epoch-pairs P:F counts epochs instead of minutes, which a loaded machine does not bend: "scratch P + F"
// then runs as many epochs as fit in the CPU seconds (process.cpuUsage) the pretrain + fine-tune arm took,
// at the CPU seconds per epoch its scratch F arm measured.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  encoderEmbeddings,
  initBackend,
  initialWeightsFromEncoder,
  pretrain,
  train,
  type LabeledSet,
  type Metrics,
  type ModelSize,
} from "../lib/model";
import { seededRng, shuffleInPlace } from "../lib/random";
import { FERPLUS_CLASSES, loadFolder } from "./ferplus-folder";

const { values: flags } = parseArgs({
  options: {
    pairs: { type: "string", default: "30:15,30:30,60:30" },
    // Alternatively lists of P and F: every combination is run (overrides --pairs).
    "pretrain-minutes": { type: "string" },
    "finetune-minutes": { type: "string" },
    "epoch-pairs": { type: "string" },
    "label-fractions": { type: "string", default: "1,0.25,0.1" },
    train: { type: "string", default: "28709" },
    valid: { type: "string", default: "3589" },
    "model-size": { type: "string", default: "small" },
    threads: { type: "string" },
    "mask-ratio": { type: "string", default: "0.6" },
    // Raw-pixel targets instead of per-patch normalised ones (pretrainSettingsSchema.normalizeTarget).
    "raw-target": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    out: { type: "string", default: "bench/results/pretrain.md" },
  },
});
const list = (text: string) => text.split(",").map(Number);
const pairs =
  flags["pretrain-minutes"] && flags["finetune-minutes"]
    ? list(flags["pretrain-minutes"]).flatMap((p) =>
        list(flags["finetune-minutes"]!).map((f) => [p, f] as [number, number]),
      )
    : flags.pairs.split(",").map((pair) => pair.split(":").map(Number) as [number, number]);
const byEpochs = flags["epoch-pairs"] !== undefined;
if (byEpochs)
  pairs.splice(
    0,
    pairs.length,
    ...flags["epoch-pairs"]!.split(",").map((pair) => pair.split(":").map(Number) as [number, number]),
  );
const fractions = flags["label-fractions"].split(",").map(Number);
if (pairs.some(([p, f]) => !(p > 0 && f > 0)) || fractions.some((x) => !(x > 0 && x <= 1)))
  throw new Error("--pairs are P:F minutes (both > 0); --label-fractions are in (0, 1]");
const modelSize = flags["model-size"] as ModelSize;
const seed = Number(flags.seed);
const threads = flags.threads ? Number(flags.threads) : undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** A seeded subset of `fraction` of the set's images (the labels a fine-tuning may see), and its rows. */
function labelSubset(set: LabeledSet, fraction: number): { subset: LabeledSet; rows: number[] } {
  const order = set.imageIds.map((_, i) => i);
  shuffleInPlace(order, seededRng(seed + 7));
  const keep = order.slice(0, Math.max(1, Math.round(fraction * order.length))).sort((a, b) => a - b);
  const pixels = new Float32Array(keep.length * 2304);
  keep.forEach((row, i) => pixels.set(set.pixels.subarray(row * 2304, (row + 1) * 2304), i * 2304));
  const subset = {
    imageIds: keep.map((row) => set.imageIds[row]!),
    pixels,
    counts: keep.map((row) => set.counts[row]!),
    nonEmotionCounts: keep.map((row) => set.nonEmotionCounts![row]!),
  };
  return { subset, rows: keep };
}

type Arm = { metrics: Metrics; epochs: number; seconds: number; cpuSeconds: number };
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** `budget` is minutes, or epochs with --epoch-pairs. */
async function runPll(
  trainSet: LabeledSet,
  valid: LabeledSet,
  budget: number,
  start?: { initialWeights: Float32Array[]; embeddings: Float32Array[] },
): Promise<Arm> {
  const started = Date.now();
  const cpuStart = cpuSeconds();
  const length = byEpochs ? { epochs: Math.max(1, Math.round(budget)) } : { minutes: budget };
  const settings = { paradigm: "pll" as const, ...length, modelSize, seed, threads };
  const result = await train({ train: trainSet, valid, classes: FERPLUS_CLASSES }, settings, {
    log,
    ...start,
  });
  result.model.dispose();
  return {
    metrics: result.best.valid,
    epochs: result.epochsDone,
    seconds: (Date.now() - started) / 1000,
    cpuSeconds: cpuSeconds() - cpuStart,
  };
}

async function main() {
  const backend = await initBackend({ log });
  const trainSet = await loadFolder("FER2013Train", Number(flags.train));
  const valid = await loadFolder("FER2013Valid", Number(flags.valid));
  const allPixels = new Float32Array(trainSet.pixels.length + valid.pixels.length);
  allPixels.set(trainSet.pixels);
  allPixels.set(valid.pixels, trainSet.pixels.length);
  const loadBefore = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
  const startedAt = new Date().toISOString();

  const scratch = new Map<string, Arm>();
  async function scratchArm(subset: LabeledSet, fraction: number, budget: number): Promise<Arm> {
    const key = `${fraction}:${budget}`;
    if (!scratch.has(key)) scratch.set(key, await runPll(subset, valid, budget));
    return scratch.get(key)!;
  }

  const rows: string[] = [];
  type Encoder = {
    weights: Float32Array[];
    embeddings: Float32Array[];
    loss: number;
    epochs: number;
    cpuSeconds: number;
  };
  const encoders = new Map<number, Encoder>();
  for (const [p, f] of pairs) {
    if (!encoders.has(p)) {
      log(`pretraining ${p} ${byEpochs ? "epochs" : "min"} on ${allPixels.length / 2304} faces`);
      const cpuStart = cpuSeconds();
      const result = await pretrain(
        allPixels,
        {
          modelSize,
          ...(byEpochs ? { epochs: p } : { minutes: p }),
          maskRatio: Number(flags["mask-ratio"]),
          normalizeTarget: !flags["raw-target"],
          seed,
        },
        { log },
      );
      const weights = initialWeightsFromEncoder(result.encoder, FERPLUS_CLASSES.length, modelSize, seed);
      // As a product run does (ml-adapter.ts): PLL's first weights also hear the encoder's features.
      const embeddings = encoderEmbeddings(result.encoder, trainSet.pixels, trainSet.imageIds.length);
      encoders.set(p, {
        weights,
        embeddings,
        loss: result.lossCurve.at(-1)!.loss,
        epochs: result.epochsDone,
        cpuSeconds: cpuSeconds() - cpuStart,
      });
      result.encoder.dispose();
    }
    const encoder = encoders.get(p)!;
    for (const fraction of fractions) {
      const { subset, rows: kept } =
        fraction === 1
          ? { subset: trainSet, rows: trainSet.imageIds.map((_, i) => i) }
          : labelSubset(trainSet, fraction);
      const embeddings = kept.map((row) => encoder.embeddings[row]!);
      const tuned = await runPll(subset, valid, f, { initialWeights: encoder.weights, embeddings });
      const short = await scratchArm(subset, fraction, f);
      // By epochs: the long scratch arm gets the CPU seconds of pretraining + fine-tuning.
      const longBudget = byEpochs ? (encoder.cpuSeconds + tuned.cpuSeconds) / (short.cpuSeconds / f) : p + f;
      const long = await scratchArm(subset, fraction, byEpochs ? Math.round(longBudget) : longBudget);
      const cell = (arm: Arm) =>
        `${arm.metrics.accuracy.toFixed(4)} / ${arm.metrics.klToCrowd.toFixed(3)} / ${arm.metrics.ece.toFixed(3)} (${arm.epochs.toFixed(2)} ep, ${arm.cpuSeconds.toFixed(0)} cpu s)`;
      rows.push(
        `| ${p} | ${f} | ${fraction} | ${encoder.loss.toFixed(4)} (${encoder.epochs.toFixed(2)} ep, ${encoder.cpuSeconds.toFixed(0)} cpu s) | ${cell(tuned)} | ${cell(long)} | ${cell(short)} |`,
      );
      log(rows.at(-1)!);
    }
  }

  const table = [
    `# bench:pretrain (${startedAt})`,
    "",
    `Flags: ${process.argv.slice(2).join(" ") || "(defaults)"}; ${trainSet.imageIds.length} Train + ${valid.imageIds.length} Valid images,`,
    `model size ${modelSize}, ${backend}, ${threads ?? os.availableParallelism()} thread(s), seed ${seed}; load average at start ${loadBefore},`,
    `at end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}.`,
    "",
    `Cells: Valid accuracy / KL(crowd || model) nats / ECE (epochs run, CPU seconds). P, F in ${byEpochs ? "epochs" : "minutes"}; labels = share of Train labels.`,
    "",
    "| P | F | labels | pretrain masked L1 | pretrain P + fine-tune F | scratch P + F | scratch F |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  await mkdir(path.dirname(flags.out), { recursive: true });
  await writeFile(flags.out, table);
  console.log(table);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
