// How the main thread and one training thread of parallel.ts talk during training: a block of shared
// memory per thread, read and written with Atomics, instead of postMessage. A message waits for the
// receiving thread's event loop; on the 2-core machines that cost ~5 ms to reach the helper and ~16 ms
// for its reply to reach the main thread, every step (measured with process.hrtime on both sides; a
// step is ~250 ms), so two threads idled ~8 % of each step. Atomics.wait blocks on a futex and wakes
// as soon as the other side's Atomics.notify lands.
//
// Protocol: the main thread posts at most one update ("apply") and one gradient request before it waits
// for that gradient, always in that order, so each kind needs one slot and a running count; the thread
// serves the update first. A request's fields are written before its count (Atomics.store), and the
// thread reads them after loading the count, so it sees them whole; nothing is rewritten before the
// thread has answered. The thread reads the gradient count before the update count, so an update
// posted before a gradient it sees is served first, however the two threads interleave.

const REQUESTS = 0; // bumped after every post: what the thread waits on
const APPLIES = 1;
const GRADIENTS = 2;
const DONE = 3; // gradients answered
const START = 4;
const END = 5;
const N = 6;
const FLAGS = 7; // 1: write probabilities, 2: write features
const STOP = 8;
const LEARNING_RATE = 0;
const LOSS = 1;
// When the last gradient was posted, started and finished, on the process's monotonic clock (each
// thread's performance.now() counts from its own origin): where a step's wait goes (bench:train).
const POSTED_AT = 2;
const STARTED_AT = 3;
const FINISHED_AT = 4;
const FLOATS = 5;
const INTS = 16;

const clock = () => Number(process.hrtime.bigint()) / 1e6;

export type Mailbox = { ints: Int32Array; floats: Float64Array };
export type GradientRequest = {
  start: number;
  end: number;
  n: number;
  probabilities: boolean;
  features: boolean;
};

/** A fresh block (all counts zero), to hand to one thread through its workerData. */
export function createMailboxBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(INTS * 4 + FLOATS * 8);
}

export function mailboxOf(buffer: SharedArrayBuffer): Mailbox {
  return { ints: new Int32Array(buffer, 0, INTS), floats: new Float64Array(buffer, INTS * 4, FLOATS) };
}

function post(box: Mailbox, slot: number): void {
  Atomics.add(box.ints, slot, 1);
  Atomics.add(box.ints, REQUESTS, 1);
  Atomics.notify(box.ints, REQUESTS);
}

/** Main thread: the thread is to apply the summed gradient at this learning rate. */
export function postApply(box: Mailbox, learningRate: number): void {
  box.floats[LEARNING_RATE] = learningRate;
  post(box, APPLIES);
}

/** Main thread: the thread is to compute a shard's gradient; returns the count to wait for. */
export function postGradient(box: Mailbox, request: GradientRequest): number {
  box.ints[START] = request.start;
  box.ints[END] = request.end;
  box.ints[N] = request.n;
  box.ints[FLAGS] = (request.probabilities ? 1 : 0) | (request.features ? 2 : 0);
  box.floats[POSTED_AT] = clock();
  post(box, GRADIENTS);
  return Atomics.load(box.ints, GRADIENTS);
}

/**
 * Main thread: waits until gradient `count` is answered and returns its loss. Blocks in slices of
 * `sliceMs`; between slices it lets the event loop run, so a thread that died (its "error" or "exit"
 * event) is noticed through `failed` instead of waited for forever.
 */
export async function waitGradient(
  box: Mailbox,
  count: number,
  failed: () => Error | undefined,
  sliceMs = 20,
): Promise<number> {
  for (;;) {
    const done = Atomics.load(box.ints, DONE);
    if (done >= count) return box.floats[LOSS]!;
    if (Atomics.wait(box.ints, DONE, done, sliceMs) === "timed-out") {
      await new Promise((resolve) => setImmediate(resolve));
      const error = failed();
      if (error) throw error;
    }
  }
}

/**
 * Main thread, right after waitGradient: from the post to the thread's start on that shard, the
 * shard itself, and from its end to now (the answer's way back, or the main thread still busy).
 */
export function lastGradientTiming(box: Mailbox): {
  startLagMs: number;
  shardMs: number;
  answerLagMs: number;
} {
  const [posted, started, finished] = [
    box.floats[POSTED_AT]!,
    box.floats[STARTED_AT]!,
    box.floats[FINISHED_AT]!,
  ];
  return { startLagMs: started - posted, shardMs: finished - started, answerLagMs: clock() - finished };
}

/** Main thread: ends the thread's `serve` loop. */
export function postStop(box: Mailbox): void {
  Atomics.store(box.ints, STOP, 1);
  Atomics.add(box.ints, REQUESTS, 1);
  Atomics.notify(box.ints, REQUESTS);
}

/** Training thread: serves requests in order until postStop. */
export function serve(
  box: Mailbox,
  handlers: { apply(learningRate: number): void; gradient(request: GradientRequest): number },
): void {
  let applied = 0;
  let computed = 0;
  for (let seen = 0; ;) {
    Atomics.wait(box.ints, REQUESTS, seen);
    seen = Atomics.load(box.ints, REQUESTS);
    if (Atomics.load(box.ints, STOP)) return;
    for (;;) {
      // The gradient count first, then the applies: an update posted before that gradient is seen.
      const gradients = Atomics.load(box.ints, GRADIENTS);
      if (applied < Atomics.load(box.ints, APPLIES)) {
        handlers.apply(box.floats[LEARNING_RATE]!);
        applied++;
      } else if (computed < gradients) {
        const flags = box.ints[FLAGS]!;
        box.floats[STARTED_AT] = clock();
        box.floats[LOSS] = handlers.gradient({
          start: box.ints[START]!,
          end: box.ints[END]!,
          n: box.ints[N]!,
          probabilities: (flags & 1) !== 0,
          features: (flags & 2) !== 0,
        });
        box.floats[FINISHED_AT] = clock();
        computed++;
        Atomics.store(box.ints, DONE, computed);
        Atomics.notify(box.ints, DONE);
      } else break;
    }
  }
}
