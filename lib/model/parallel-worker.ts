// One training thread of parallel.ts: a replica of the network on its own wasm backend. It computes the
// gradient of the shard it is asked for into its shared buffer, and applies the summed gradient the
// main thread leaves in shared memory; requests come through its mailbox (step-mailbox.ts), which
// serves an update before the next gradient.
import { parentPort, workerData } from "node:worker_threads";
import { initBackend, type BackendName } from "./backend";
import type { WorkerInit, WorkerReply } from "./parallel";
import {
  applyGradient,
  createReplica,
  flattenInto,
  shardGradient,
  unflatten,
  type BatchArrays,
} from "./replica";
import { mailboxOf, serve } from "./step-mailbox";

async function main(port: NonNullable<typeof parentPort>) {
  const init = workerData as WorkerInit;
  await initBackend({ prefer: init.backend as BackendName, log: () => {} });
  const replica = createReplica(init.classCount, init.settings, init.weights);
  const batch: BatchArrays = {
    pixels: new Float32Array(init.shared.pixels),
    labels: new Float32Array(init.shared.labels),
    masks: init.shared.masks ? new Float32Array(init.shared.masks) : null,
    n: 0,
    classCount: init.classCount,
  };
  const probabilities = new Float32Array(init.probabilities);
  const features = new Float32Array(init.features);
  const gradient = new Float32Array(init.gradient);
  const summed = new Float32Array(init.summed);
  const mailbox = mailboxOf(init.mailbox);
  port.postMessage({ type: "ready" } satisfies WorkerReply);
  // From here the thread only serves its mailbox (step-mailbox.ts), until the main thread stops it.
  serve(mailbox, {
    gradient(request) {
      batch.n = request.n;
      const shard = shardGradient(
        replica,
        batch,
        request.start,
        request.end,
        request.probabilities ? probabilities : null,
        request.features ? features : null,
      );
      flattenInto(shard.gradients, gradient);
      shard.gradients.forEach((tensor) => tensor.dispose());
      return shard.loss;
    },
    apply(learningRate) {
      applyGradient(replica, unflatten(replica, summed), learningRate);
    },
  });
}

if (parentPort) void main(parentPort);
