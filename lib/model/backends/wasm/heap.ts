// Helpers for kernels that work directly on the tfjs wasm backend's heap (see conv-kernels.ts).
import { getKernel, registerKernel, unregisterKernel } from "@tensorflow/tfjs";
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** A float32 view of the whole wasm heap (a new view when the heap has grown). */
export function heapF32(backend: BackendWasm): Float32Array {
  // HEAPU8 comes from Emscripten's module type, whose typings (@types/emscripten) are not installed.
  return new Float32Array((backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
}

/** The float32 view of a tensor on the wasm heap and its index in HEAPF32. */
export function heapOf(backend: BackendWasm, info: TensorInfo): { heap: Float32Array; offset: number } {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error("wasm conv kernels: tensor data not found");
  return { heap: heapF32(backend), offset: data.memoryOffset >>> 2 };
}

/** [N, H, W, C] -> [C, H, W, N]: one N x C tile per pixel, so reads and writes stay in cache. */
export function batchToChannelsLast(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out = backend.makeOutput([c, h, w, n], "float32");
  const src = heapOf(backend, x);
  const dst = heapOf(backend, out);
  const heap = dst.heap;
  const pixels = h * w;
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let image = 0; image < n; image++) {
      const from = src.offset + (image * pixels + pixel) * c;
      const to = dst.offset + pixel * n + image;
      for (let channel = 0; channel < c; channel++) heap[to + channel * pixels * n] = heap[from + channel]!;
    }
  }
  return out;
}

/**
 * Replaces (or adds) the wasm kernel `name` with `make(original)`; `original` is the backend's own
 * kernel (undefined when it has none), kept as the fallback for cases the replacement does not cover.
 */
export function replaceKernel(name: string, make: (original: KernelFunc | undefined) => KernelFunc): void {
  const config = getKernel(name, "wasm");
  if (config) unregisterKernel(name, "wasm");
  registerKernel({ ...config, kernelName: name, backendName: "wasm", kernelFunc: make(config?.kernelFunc) });
}
