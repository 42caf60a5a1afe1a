// Data-parallel training over worker_threads. tfjs-wasm's own threaded build fails under Node
// (ERR_WORKER_PATH), so each thread runs its own single-threaded wasm backend on a replica of the
// network. Every step: the main thread splits the batch into contiguous shards, each thread (the main
// one included) computes the gradient of its shard (replica.ts weights it by the shard's share, so
// the shard gradients sum to the batch gradient), the main thread sums them in thread order into
// shared memory, and every thread applies that same sum with its own copy of the optimiser (requests
// and answers pass through step-mailbox.ts, not messages). Identical
// floats in, identical updates out: the replicas never drift, so no weights are ever broadcast, and a
// run repeats exactly for a given seed and thread count. With batch norm, each thread normalises its
// shard by the shard's own statistics (as data-parallel BN without synchronisation does), and the
// running statistics each replica keeps are never used: the main thread re-estimates them before
// evaluating (batch-norm.ts), so only the (identical) weights matter.
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  applyGradient,
  flattenInto,
  shardGradient,
  unflatten,
  type BatchArrays,
  type Replica,
} from "./replica";
import type { TrainSettings } from "./settings";
import {
  createMailboxBuffer,
  mailboxOf,
  lastGradientTiming,
  postApply,
  postGradient,
  postStop,
  waitGradient,
} from "./step-mailbox";
import { emptyStepTimings, PIXELS_PER_IMAGE, type StepTimings } from "./types";

/** Runs training steps on the batch in `batch` (fill it, then call step). */
export interface StepRunner {
  readonly threads: number;
  readonly timings: StepTimings;
  /** Where the caller writes the next batch (backed by shared memory when threads > 1). */
  readonly batch: BatchArrays;
  /**
   * One step: gradient of the batch's first `batch.n` images, one update; resolves with the mean loss.
   * Fills `probabilities` (n x K) and `features` (n x hidden units) when given.
   */
  step(
    learningRate: number,
    probabilities: Float32Array | null,
    features?: Float32Array | null,
  ): Promise<number>;
  close(): Promise<void>;
}

export type WorkerInit = {
  backend: string;
  classCount: number;
  settings: TrainSettings;
  weights: Float32Array[];
  shared: { pixels: SharedArrayBuffer; labels: SharedArrayBuffer; masks: SharedArrayBuffer | null };
  probabilities: SharedArrayBuffer;
  features: SharedArrayBuffer;
  gradient: SharedArrayBuffer;
  summed: SharedArrayBuffer;
  mailbox: SharedArrayBuffer;
};
export type WorkerReply = { type: "ready" };

// tsx compiles the worker's TypeScript; the .mjs entry registers it (a worker starts without loaders).
const workerEntry = path.join(
  typeof __dirname === "string" ? __dirname : path.join(process.cwd(), "lib", "model"),
  "parallel-worker.mjs",
);

/** Contiguous shard [start, end) of thread t of `threads` for a batch of n images. */
export function shardRange(n: number, threads: number, t: number): [number, number] {
  return [Math.floor((t * n) / threads), Math.floor(((t + 1) * n) / threads)];
}

/** A step runner on `threads` threads; `replica` is the main thread's copy (it stays the one returned). */
export async function createStepRunner(
  replica: Replica,
  settings: TrainSettings,
  options: { threads: number; capacity: number; classCount: number; backend: string },
): Promise<StepRunner> {
  const { threads, capacity, classCount: k } = options;
  const units = replica.network.hiddenUnits;
  const shared = threads > 1;
  const floats = (count: number) => (shared ? new SharedArrayBuffer(count * 4) : new ArrayBuffer(count * 4));
  const buffers = {
    pixels: floats(capacity * PIXELS_PER_IMAGE),
    labels: floats(capacity * k),
    masks: settings.dropout > 0 ? floats(capacity * units) : null,
  };
  const batch: BatchArrays = {
    pixels: new Float32Array(buffers.pixels),
    labels: new Float32Array(buffers.labels),
    masks: buffers.masks ? new Float32Array(buffers.masks) : null,
    n: 0,
    classCount: k,
  };
  // The first step is left out: it carries each thread's warm-up (XNNPACK operator set-up, JIT).
  const timings = emptyStepTimings();
  let stepsStarted = 0;
  let mark = 0;
  const lap = (part?: Exclude<keyof StepTimings, "steps" | "shardGapMs" | `helper${string}`>) => {
    const previous = mark;
    mark = performance.now();
    if (part && stepsStarted > 1) timings[part] += mark - previous;
  };
  const startStep = () => {
    lap();
    if (++stepsStarted > 1) timings.steps++;
  };
  if (!shared)
    return {
      threads: 1,
      timings,
      batch,
      step(learningRate, probabilities, features) {
        startStep();
        const { loss, gradients } = shardGradient(replica, batch, 0, batch.n, probabilities, features);
        lap("ownShardMs");
        applyGradient(replica, gradients, learningRate);
        lap("applyMs");
        return Promise.resolve(loss);
      },
      close: () => Promise.resolve(),
    };

  const params = replica.parameterCount;
  const probabilitiesBuffer = floats(capacity * k);
  const sharedProbabilities = new Float32Array(probabilitiesBuffer);
  const featuresBuffer = floats(capacity * units);
  const sharedFeatures = new Float32Array(featuresBuffer);
  const summedBuffer = floats(params);
  const summed = new Float32Array(summedBuffer);
  const own = new Float32Array(params);
  const weights = replica.network.model.getWeights().map((tensor) => tensor.dataSync() as Float32Array);
  const helpers = Array.from({ length: threads - 1 }, () => {
    const gradient = floats(params);
    const mailbox = createMailboxBuffer();
    const init: WorkerInit = {
      backend: options.backend,
      classCount: k,
      settings,
      weights,
      shared: buffers as WorkerInit["shared"],
      probabilities: probabilitiesBuffer as SharedArrayBuffer,
      features: featuresBuffer as SharedArrayBuffer,
      gradient: gradient as SharedArrayBuffer,
      summed: summedBuffer as SharedArrayBuffer,
      mailbox,
    };
    return {
      worker: new Worker(workerEntry, { workerData: init }),
      gradient: new Float32Array(gradient),
      mailbox: mailboxOf(mailbox),
    };
  });
  let failure: Error | undefined;
  const ready = helpers.map(
    ({ worker }, w) =>
      new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        const fail = (error: Error) => {
          failure ??= error;
          reject(error);
        };
        worker.on("error", fail);
        worker.on("exit", (code) => fail(new Error(`training thread ${w + 1} exited (code ${code})`)));
      }),
  );
  const close = async () => {
    helpers.forEach(({ mailbox }) => postStop(mailbox));
    await Promise.all(helpers.map(({ worker }) => worker.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    threads,
    timings,
    batch,
    async step(learningRate, probabilities, features) {
      startStep();
      const n = batch.n;
      // Every thread gets a request, an empty shard too (its gradient is zero): waiting for all
      // answers means every thread has applied the previous update before `summed` is rewritten.
      const counts = helpers.map(({ mailbox }, w) => {
        const [start, end] = shardRange(n, threads, w + 1);
        return postGradient(mailbox, {
          start,
          end,
          n,
          probabilities: !!probabilities,
          features: !!features,
        });
      });
      lap("postMs");
      const [start, end] = shardRange(n, threads, 0);
      const ownStart = mark;
      const mine = shardGradient(
        replica,
        batch,
        start,
        end,
        probabilities ? sharedProbabilities : null,
        features ? sharedFeatures : null,
      );
      flattenInto(mine.gradients, own);
      mine.gradients.forEach((gradient) => gradient.dispose());
      lap("ownShardMs");
      const ownMs = mark - ownStart;
      let loss = mine.loss;
      for (const [w, { mailbox }] of helpers.entries()) {
        loss += await waitGradient(mailbox, counts[w]!, () => failure);
        if (stepsStarted === 1) continue; // the warm-up step, as in lap()
        const timing = lastGradientTiming(mailbox);
        timings.helperStartLagMs += timing.startLagMs / helpers.length;
        timings.helperShardMs += timing.shardMs / helpers.length;
        timings.helperAnswerLagMs += timing.answerLagMs / helpers.length;
        timings.shardGapMs += Math.abs(ownMs - timing.shardMs) / helpers.length;
      }
      lap("waitMs");
      // Thread order, in float64, then rounded once: the same sum on every run.
      for (let j = 0; j < params; j++) {
        let sum = own[j]!;
        for (const helper of helpers) sum += helper.gradient[j]!;
        summed[j] = sum;
      }
      lap("sumMs");
      for (const { mailbox } of helpers) postApply(mailbox, learningRate);
      applyGradient(replica, unflatten(replica, summed), learningRate);
      lap("applyMs");
      if (probabilities) probabilities.set(sharedProbabilities.subarray(0, n * k));
      if (features) features.set(sharedFeatures.subarray(0, n * units));
      return loss;
    },
    close,
  };
}
