// Backend selection: the fastest tfjs backend that loads here, chosen once per process and logged.
//   @tensorflow/tfjs-node-gpu (CUDA) -> @tensorflow/tfjs-node (libtensorflow, CPU) -> wasm (SIMD) -> cpu.
// tfjs-node(-gpu) are optionalDependencies whose install script (a libtensorflow download) is not
// approved in package.json "allowScripts", so on machines without that library their require fails
// and we fall through. wasm runs single-threaded: its threaded build needs worker_threads paths that
// fail under Node (ERR_WORKER_PATH), so WASM_HAS_MULTITHREAD_SUPPORT is forced off; training uses more
// cores by data parallelism instead, one backend per worker thread (parallel.ts).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { registerWasmConvKernels } from "./backends/wasm/conv-kernels";
import { registerWasmFastKernels } from "./backends/wasm/fast-kernels";
import type { TrainLog } from "./types";

export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";
const ORDER: BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

let selection: Promise<string> | undefined;

// Resolves packages from this file's location whether tsx runs it as CommonJS or as ESM.
const requireHere = createRequire(
  typeof __filename === "string" ? __filename : path.join(process.cwd(), "index.js"),
);

/**
 * Whether the package's native addon (lib/napi-v<N>/tfjs_binding.node, fetched by its install script)
 * exists. Checked before require: a failed require has already registered half the kernels of the
 * "tensorflow" backend, and the next package's require then warns about every one of them.
 */
function nativeAddonInstalled(pkg: string): boolean {
  try {
    const lib = path.join(path.dirname(requireHere.resolve(`${pkg}/package.json`)), "lib");
    return readdirSync(lib).some((folder) => existsSync(path.join(lib, folder, "tfjs_binding.node")));
  } catch {
    return false;
  }
}

async function tryNative(pkg: string): Promise<boolean> {
  if (!nativeAddonInstalled(pkg)) return false;
  try {
    // Side effect: registers the "tensorflow" backend on the shared tfjs-core instance.
    requireHere(pkg);
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const dist = path.dirname(
      requireHere.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"),
    );
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    setWasmPaths(`${dist}${path.sep}`);
    if (!(await tf.setBackend("wasm"))) return false;
    await tf.ready();
    registerWasmConvKernels();
    registerWasmFastKernels();
    return true;
  } catch {
    return false;
  }
}

async function select(prefer: BackendName | undefined, log: TrainLog): Promise<string> {
  const order = prefer ? ORDER.slice(ORDER.indexOf(prefer)) : ORDER;
  for (const name of order) {
    let ok = false;
    if (name === "tensorflow-gpu") ok = await tryNative("@tensorflow/tfjs-node-gpu");
    else if (name === "tensorflow") ok = await tryNative("@tensorflow/tfjs-node");
    else if (name === "wasm") ok = await tryWasm();
    else ok = await tf.setBackend("cpu");
    if (ok) {
      const simd =
        name === "wasm"
          ? ` (SIMD ${tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "on" : "off"}, 1 thread per backend)`
          : "";
      log(`model backend: ${name}${simd}`);
      return name;
    }
    log(`model backend: ${name} unavailable`);
  }
  throw new Error("no tfjs backend could be initialised");
}

/**
 * Picks and initialises the backend once per process (later calls return the same name).
 * `prefer` starts the fallback chain further down (e.g. "wasm" or "cpu" for benchmarks and tests).
 */
export function initBackend(options: { prefer?: BackendName; log?: TrainLog } = {}): Promise<string> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  selection ??= select(options.prefer, log);
  return selection;
}
