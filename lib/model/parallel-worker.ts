// One training thread of parallel.ts: a replica of the network on its own wasm backend. It computes the
// gradient of the shard it is sent into its shared buffer, and applies the summed gradient the main
// thread leaves in shared memory. Messages from one port arrive in order, so an "apply" always runs
// before the next "gradient".
import { parentPort, workerData } from "node:worker_threads";
import { initBackend, type BackendName } from "./backend";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./parallel";
import {
  applyGradient,
  createReplica,
  flattenInto,
  shardGradient,
  unflatten,
  type BatchArrays,
} from "./replica";

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
  port.on("message", (request: WorkerRequest) => {
    if (request.type === "gradient") {
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
      port.postMessage({ type: "gradient", loss: shard.loss } satisfies WorkerReply);
    } else {
      applyGradient(replica, unflatten(replica, summed), request.learningRate);
    }
  });
  port.postMessage({ type: "ready" } satisfies WorkerReply);
}

if (parentPort) void main(parentPort);
