// `npm run bench:train [-- --model-size small --images 2048 --batch-size 64 --threads 1,2 --paradigm pll
//                        --repeat 1 --backend wasm]`:
// images/s of one training epoch (the real train() loop on synthetic 48x48 faces) at 1 thread and at
// all cores side by side (data-parallel, lib/model/parallel.ts), the backend's matMul GFLOP/s measured
// in the same process, the model's FLOPs per image, and their ratio -> bench/results/train.json. Times are taken both as wall clock and as this process's CPU time:
// the machine is shared, and CPU time is what stays comparable between runs.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { quantile } from "../lib/ambiguity/bootstrap";
import { seededRng } from "../lib/random";
import {
  buildNetwork,
  forwardFlops,
  initBackend,
  PARADIGMS,
  train,
  type BackendName,
  type LabeledSet,
  type Paradigm,
} from "../lib/model";
import type { StepTimings } from "../lib/model/types";

const { values: flags } = parseArgs({
  options: {
    "model-size": { type: "string", default: "small,medium" },
    images: { type: "string", default: "2048" },
    "batch-size": { type: "string", default: "64" },
    backend: { type: "string" },
    // Thread counts to compare; default: 1 and all cores.
    threads: { type: "string", default: `1,${os.availableParallelism()}` },
    // Batch norm after every conv: "off", "on" or "off,on" (both, interleaved per thread count, so the
    // comparison shares one time window on a loaded machine).
    "batch-norm": { type: "string", default: "off" },
    // Rounds in which the thread counts take turns (the speed-up is the median of the rounds' ratios).
    repeat: { type: "string", default: "1" },
    // The paradigm trained: pll carries the per-step bookkeeping (candidate weights, prototypes) that
    // the others do not, so it is the slowest and its speed-up the one that matters most.
    paradigm: { type: "string", default: "pll" },
    // Result file under bench/results (without .json).
    out: { type: "string", default: "train" },
  },
});

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** Best-of-5 GFLOP/s of an m x k by k x n matMul (wall and CPU time). */
function matMulGflops(m: number, k: number, n: number): { wall: number; cpu: number } {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  tf.matMul(a, b).dispose();
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < 5; i++) {
    const wallStart = performance.now();
    const cpuStart = cpuSeconds();
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    wall = Math.min(wall, (performance.now() - wallStart) / 1000);
    cpu = Math.min(cpu, cpuSeconds() - cpuStart);
  }
  a.dispose();
  b.dispose();
  const flops = 2 * m * k * n;
  return { wall: flops / wall / 1e9, cpu: flops / cpu / 1e9 };
}

function syntheticSet(n: number, classes: number): LabeledSet {
  const random = seededRng(7);
  const pixels = Float32Array.from({ length: n * 2304 }, () => random());
  const counts = Array.from({ length: n }, () => {
    const votes = new Array<number>(classes).fill(0);
    for (let v = 0; v < 10; v++) votes[Math.floor(random() * 3)]!++;
    return votes;
  });
  return { imageIds: counts.map((_, i) => i), pixels, counts };
}

async function main() {
  const paradigm = flags.paradigm as Paradigm;
  if (!PARADIGMS.includes(paradigm)) throw new Error(`--paradigm must be one of ${PARADIGMS.join(", ")}`);
  if (!Number.isInteger(Number(flags.repeat)) || Number(flags.repeat) < 1)
    throw new Error("--repeat must be a whole number of rounds, at least 1");
  const loadBefore = +os.loadavg()[0]!.toFixed(2);
  const backend = await initBackend({ prefer: flags.backend as BackendName | undefined });
  const classes = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"];
  const images = Number(flags.images);
  const matMul = matMulGflops(1024, 1024, 1024);
  process.stderr.write(
    `matMul 1024^3: ${matMul.cpu.toFixed(2)} GFLOP/s (CPU time), ${matMul.wall.toFixed(2)} (wall)\n`,
  );
  const models = [];
  for (const modelSize of (flags["model-size"] ?? "small").split(",") as (
    "tiny" | "small" | "medium" | "large"
  )[]) {
    const probe = buildNetwork(classes.length, modelSize, 1);
    const forward = forwardFlops(probe.model);
    const parameters = probe.model.countParams();
    probe.model.dispose();
    const trainSet = syntheticSet(images, classes.length);
    const empty: LabeledSet = { imageIds: [], pixels: new Float32Array(0), counts: [] };
    const settings = {
      paradigm,
      epochs: 1,
      batchSize: Number(flags["batch-size"]),
      modelSize,
      augment: true,
    };
    const trainFlops = 3 * forward; // forward + backward (input and weight gradients) ~ 3x forward
    const norms = [...new Set((flags["batch-norm"] ?? "off").split(","))].map((v) => v === "on");
    const configs = [...new Set((flags.threads ?? "1").split(",").map(Number))].flatMap((threads) =>
      norms.map((batchNorm) => ({ threads, batchNorm })),
    );
    // A short warm-up run of each first: XNNPACK operator set-up and JIT warm-up are not part of an epoch.
    for (const config of configs)
      (
        await train(
          { train: syntheticSet(128, classes.length), valid: empty, classes },
          { ...settings, ...config },
        )
      ).model.dispose();
    // Timed from the end of the first batch to the end of the last: thread start-up (tsx compiling the
    // worker, wasm instantiation) is not part of an epoch. CPU time includes the worker threads.
    const timedImages = images - settings.batchSize;
    const timedEpoch = async (config: { threads: number; batchNorm: boolean }) => {
      let [cpuStart, wallStart, cpu, wall] = [0, 0, 0, 0];
      const result = await train(
        { train: trainSet, valid: empty, classes },
        { ...settings, ...config },
        {
          onBatch: ({ batch, batches }) => {
            if (batch === 1) [cpuStart, wallStart] = [cpuSeconds(), performance.now()];
            if (batch === batches)
              [cpu, wall] = [cpuSeconds() - cpuStart, (performance.now() - wallStart) / 1000];
          },
        },
      );
      result.model.dispose();
      process.stderr.write(
        `${modelSize}, ${config.threads} thread(s)${config.batchNorm ? ", batch norm" : ""}: ${(timedImages / wall).toFixed(1)} img/s\n`,
      );
      return { wall, cpu, timings: result.stepTimings };
    };
    // The configurations take turns, `repeat` rounds: the machine's speed drifts by tens of percent
    // over minutes (other tenants), and a ratio within one round shares that round's speed.
    const rounds: Awaited<ReturnType<typeof timedEpoch>>[][] = [];
    for (let r = 0; r < Number(flags.repeat); r++) {
      const round = [];
      for (const config of configs) round.push(await timedEpoch(config));
      rounds.push(round);
    }
    const median = (values: number[]) =>
      quantile(
        [...values].sort((x, y) => x - y),
        0.5,
      );
    const byThreads = configs.map((config, c) => {
      const runs = rounds.map((round) => round[c]!);
      const wall = median(runs.map((run) => run.wall));
      const cpu = median(runs.map((run) => run.cpu));
      // Per step, over every step but the first of every run, the main thread's time in each
      // part of the step (parallel.ts), and outside it (filling the next batch, progress, yielding).
      const steps = runs.reduce((sum, run) => sum + run.timings.steps, 0);
      const part = (key: Exclude<keyof StepTimings, "steps">) =>
        +(runs.reduce((sum, run) => sum + run.timings[key], 0) / steps).toFixed(1);
      const inside = part("postMs") + part("ownShardMs") + part("waitMs") + part("sumMs") + part("applyMs");
      // The step's wall time beside the parts is a mean over the same steps (a median round's would sit
      // below the mean whenever one round is slow, and "outside" would go negative).
      const meanWallMs = (1000 * runs.reduce((sum, run) => sum + run.wall, 0)) / steps;
      const perSecondCpu = timedImages / cpu;
      return {
        ...config,
        imagesPerSecondWall: +(timedImages / wall).toFixed(1),
        imagesPerSecondWallRuns: runs.map((run) => +(timedImages / run.wall).toFixed(1)),
        imagesPerSecondCpu: +perSecondCpu.toFixed(1),
        trainingGflopsCpu: +((perSecondCpu * trainFlops) / 1e9).toFixed(2),
        ratioToMatMulCpu: +((perSecondCpu * trainFlops) / 1e9 / matMul.cpu).toFixed(3),
        ratioToMatMulWall: +(((timedImages / wall) * trainFlops) / 1e9 / matMul.wall).toFixed(3),
        loadAverageAfter: +os.loadavg()[0]!.toFixed(2),
        mainThreadMsPerStep: {
          wall: +meanWallMs.toFixed(1),
          post: part("postMs"),
          ownShard: part("ownShardMs"),
          waitForThreads: part("waitMs"),
          sum: part("sumMs"),
          apply: part("applyMs"),
          // The other threads': post -> their start, their shard (against ownShard), their end -> noticed.
          helperStartLag: part("helperStartLagMs"),
          helperShard: part("helperShardMs"),
          helperAnswerLag: part("helperAnswerLagMs"),
          // Mean |own shard - helper's shard| in the same step: the per-step imbalance behind the wait.
          shardGap: part("shardGapMs"),
          outsideStep: +(meanWallMs - inside).toFixed(1),
        },
      };
    });
    const single = configs.findIndex((config) => config.threads === 1 && !config.batchNorm);
    const most = configs.findLastIndex((config) => !config.batchNorm);
    const speedups = rounds.map((round) => round[single]!.wall / round[most]!.wall);
    const row = {
      modelSize,
      parameters,
      forwardMflopsPerImage: +(forward / 1e6).toFixed(2),
      trainMflopsPerImage: +(trainFlops / 1e6).toFixed(2),
      byThreads,
      // Wall-clock images/s at the most threads over 1 thread: the median of the rounds' ratios.
      speedup: single >= 0 ? +median(speedups).toFixed(2) : null,
      speedupRounds: single >= 0 ? speedups.map((ratio) => +ratio.toFixed(2)) : [],
    };
    process.stderr.write(`${JSON.stringify(row)}\n`);
    models.push(row);
  }
  const result = {
    benchmark: "one training epoch of the Chorus FER CNN on synthetic 48x48 images vs the backend's matMul",
    date: new Date().toISOString(),
    // Load before the run: on a shared machine the thread comparison means little above ~0.5 per core.
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: loadBefore },
    backend,
    paradigm,
    images,
    repeat: Number(flags.repeat),
    batchSize: Number(flags["batch-size"]),
    matMulGflops: { size: "1024x1024x1024", cpu: +matMul.cpu.toFixed(2), wall: +matMul.wall.toFixed(2) },
    models,
  };
  await mkdir("bench/results", { recursive: true });
  await writeFile(`bench/results/${flags.out}.json`, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
