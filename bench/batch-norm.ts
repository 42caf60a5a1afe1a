// `npm run bench:batch-norm [-- --rounds 5 --iterations 5 --out batch-norm-layer]`:
// CPU time of one batch-norm layer's forward + backward (training mode, batch 64) at the three map
// shapes of the small model's conv blocks, three ways side by side in each round: tfjs's chain
// (tf.moments + tf.batchNorm, differentiated by tfjs: what tf.layers.batchNormalization trains
// through), Chorus's layer with the closed-form gradient (lib/model/batch-norm-layer.ts), and the
// 3x3 conv + ReLU that precedes each BN, for scale. Process CPU time, so the figures stay
// comparable on a shared machine -> bench/results/<out>.json and .md.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { quantile } from "../lib/ambiguity/bootstrap";
import { initBackend } from "../lib/model";
import { BatchNorm } from "../lib/model/batch-norm-layer";

const { values: flags } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    iterations: { type: "string", default: "5" },
    out: { type: "string", default: "batch-norm-layer" },
  },
});
const rounds = Number(flags.rounds);
const iterations = Number(flags.iterations);

/** CPU ms per call of `step` (its tensors read back, then freed), after one warm-up call. */
function cpuMs(step: () => tf.Tensor[]): number {
  tf.dispose(step());
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const out = step();
    out.forEach((t) => t.dataSync());
    tf.dispose(out);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / iterations;
}

const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function main() {
  const backend = await initBackend({ log: () => {} });
  const shapes: [number, number, number, number][] = [
    [64, 48, 48, 16],
    [64, 24, 24, 32],
    [64, 12, 12, 64],
  ];
  const rows = [];
  for (const shape of shapes) {
    const channels = shape[3];
    const x = tf.randomNormal(shape, 0, 1, "float32", 1);
    const dy = tf.randomNormal(shape, 0, 1, "float32", 2);
    const gamma = tf.ones([channels]);
    const beta = tf.zeros([channels]);
    const kernel = tf.randomNormal([3, 3, channels, channels], 0, 0.1, "float32", 3);
    const tfjsChain = tf.grads((input, g, b) => {
      const { mean, variance } = tf.moments(input!, [0, 1, 2]);
      return tf.batchNorm(input!, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3);
    });
    const layer = new BatchNorm();
    layer.build(shape);
    const input = tf.variable(x, true, `bench_x_${channels}`);
    const ours = () => {
      const { value, grads } = tf.variableGrads(() =>
        tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, dy)),
      );
      return [value, ...Object.values(grads)];
    };
    const conv = tf.grads((image, w) =>
      tf.relu(tf.conv2d(image as tf.Tensor4D, w as tf.Tensor4D, 1, "same")),
    );
    const times = { tfjs: [] as number[], ours: [] as number[], conv: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.tfjs.push(cpuMs(() => tfjsChain([x, gamma, beta], dy)));
      times.ours.push(cpuMs(ours));
      times.conv.push(cpuMs(() => conv([x, kernel], dy)));
    }
    const row = {
      shape,
      tfjsChainMs: median(times.tfjs),
      closedFormMs: median(times.ours),
      convReluMs: median(times.conv),
      rounds: times,
    };
    console.log(
      `${shape.join("x")}: tfjs chain ${row.tfjsChainMs.toFixed(1)} ms, closed form ${row.closedFormMs.toFixed(1)} ms, conv+relu ${row.convReluMs.toFixed(1)} ms (CPU, median of ${rounds})`,
    );
    rows.push(row);
    tf.dispose([x, dy, gamma, beta, kernel, input]);
  }
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: os.loadavg()[0] ?? 0,
  };
  const result = {
    benchmark: "batch-norm layer forward + backward, CPU ms",
    date: new Date(),
    machine,
    backend,
    iterations,
    rows,
  };
  const md = [
    `# Batch-norm layer, forward + backward in training (bench:batch-norm)`,
    ``,
    `Run ${result.date.toISOString()} on ${machine.cpus} x ${machine.cpuModel}, load average ${machine.loadAverage.toFixed(1)}; backend ${backend}; CPU ms per call, median of ${rounds} rounds of ${iterations}.`,
    ``,
    `| map (N x H x W x C) | tfjs chain (ms) | closed form (ms) | ratio | 3x3 conv + ReLU (ms) |`,
    `|---|---|---|---|---|`,
    ...rows.map(
      (r) =>
        `| ${r.shape.join(" x ")} | ${r.tfjsChainMs.toFixed(1)} | ${r.closedFormMs.toFixed(1)} | ${(r.tfjsChainMs / r.closedFormMs).toFixed(2)}x | ${r.convReluMs.toFixed(1)} |`,
    ),
    ``,
  ].join("\n");
  await mkdir("bench/results", { recursive: true });
  await writeFile(`bench/results/${flags.out}.json`, JSON.stringify(result, null, 2) + "\n");
  await writeFile(`bench/results/${flags.out}.md`, md);
  console.log(`wrote bench/results/${flags.out}.md and .json`);
}

void main();
