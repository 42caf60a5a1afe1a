// Replacements for wasm kernels that a conv net's training step hits and that tfjs-backend-wasm 4.22
// runs far below its GEMM speed (measured per kernel with process CPU time on a small-model step):
// - MaxPoolGrad (~67 ms for one 64x48x48x16 map): a scalar loop over window offsets; for the
//   non-overlapping 2x2/2 pools of our network, each dy value goes to its window's argmax.
// - BatchMatMul with transposeA/transposeB: wasm only reaches XNNPACK's GEMM when neither side is
//   transposed (else ~1-2 GFLOP/s vs ~23), and the dense layer's gradients are exactly x^T dy and
//   dy W^T. We transpose the operand on the heap (tiny next to the product) and call the fast path.
// - Sum over leading axes (every bias gradient: sum of dy over N, H, W): wasm first transposes the
//   whole tensor so the reduced axes are innermost; a row-accumulating loop needs no copy.
// Each replacement falls back to the backend's own kernel for shapes it does not cover.
import { backend_util, util } from "@tensorflow/tfjs";
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapOf, replaceKernel } from "./heap";

function fallback(original: KernelFunc | undefined, name: string): KernelFunc {
  if (!original) throw new Error(`wasm ${name}: no original kernel to fall back to`);
  return original;
}

const maxPoolGrad =
  (original: KernelFunc | undefined): KernelFunc =>
  (args) => {
    const backend = args.backend as BackendWasm;
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: "valid" | "same" | number;
      dimRoundingMode?: "floor" | "round" | "ceil";
    };
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const {
      filterHeight: fh,
      filterWidth: fw,
      strideHeight,
      strideWidth,
      inHeight,
      inWidth,
      outHeight,
      outWidth,
    } = info;
    const tiles =
      fh === strideHeight && fw === strideWidth && info.padInfo.top === 0 && info.padInfo.left === 0;
    if (!tiles || outHeight * fh > inHeight || outWidth * fw > inWidth)
      return fallback(original, "MaxPoolGrad")(args);
    const channels = info.inChannels;
    const dx = backend.makeOutput(input.shape, "float32");
    const x = heapOf(backend, input);
    const g = heapOf(backend, dy);
    const out = heapOf(backend, dx);
    const heap = out.heap;
    heap.fill(0, out.offset, out.offset + util.sizeFromShape(input.shape));
    for (let n = 0; n < info.batchSize; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          const gradBase = g.offset + ((n * outHeight + oh) * outWidth + ow) * channels;
          const corner = ((n * inHeight + oh * fh) * inWidth + ow * fw) * channels;
          for (let c = 0; c < channels; c++) {
            // First maximum in row-major window order, as the reference kernels pick it.
            let best = corner + c;
            let bestValue = heap[x.offset + best]!;
            for (let p = 0; p < fh; p++) {
              for (let q = 0; q < fw; q++) {
                const at = corner + (p * inWidth + q) * channels + c;
                const value = heap[x.offset + at]!;
                if (value > bestValue) {
                  bestValue = value;
                  best = at;
                }
              }
            }
            heap[out.offset + best] = heap[gradBase + c]!;
          }
        }
      }
    }
    return dx;
  };

/** [rows, cols] -> [cols, rows] on the heap, in 32x32 tiles. */
function transpose2d(backend: BackendWasm, source: TensorInfo, rows: number, cols: number): TensorInfo {
  // Same leading (size-1) batch dims as the source, so the product's output shape is unchanged.
  const out = backend.makeOutput([...source.shape.slice(0, -2), cols, rows], "float32");
  const src = heapOf(backend, source);
  const dst = heapOf(backend, out);
  const heap = dst.heap;
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const rEnd = Math.min(rows, r0 + tile);
      const cEnd = Math.min(cols, c0 + tile);
      for (let r = r0; r < rEnd; r++) {
        for (let c = c0; c < cEnd; c++) heap[dst.offset + c * rows + r] = heap[src.offset + r * cols + c]!;
      }
    }
  }
  return out;
}

const batchMatMul =
  (original: KernelFunc | undefined): KernelFunc =>
  (args) => {
    const backend = args.backend as BackendWasm;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const run = fallback(original, "BatchMatMul");
    const batchA = util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = util.sizeFromShape(b.shape.slice(0, -2));
    if (
      (!transposeA && !transposeB) ||
      batchA !== 1 ||
      batchB !== 1 ||
      a.dtype !== "float32" ||
      b.dtype !== "float32"
    )
      return run(args);
    const [aRows, aCols] = a.shape.slice(-2) as [number, number];
    const [bRows, bCols] = b.shape.slice(-2) as [number, number];
    const left = transposeA ? transpose2d(backend, a, aRows, aCols) : a;
    const right = transposeB ? transpose2d(backend, b, bRows, bCols) : b;
    const result = run({
      ...args,
      inputs: { a: left, b: right },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    if (left !== a) backend.disposeData(left.dataId);
    if (right !== b) backend.disposeData(right.dataId);
    return result;
  };

const sum =
  (original: KernelFunc | undefined): KernelFunc =>
  (args) => {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.every((value, index) => value === index);
    if (x.dtype !== "float32" || !leading || axes.length === 0 || axes.length === x.shape.length) {
      return fallback(original, "Sum")(args);
    }
    const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
    const width = util.sizeFromShape(x.shape.slice(axes.length));
    const totals = new Float64Array(width);
    const src = heapOf(backend, x);
    for (let r = 0; r < rows; r++) {
      const base = src.offset + r * width;
      for (let c = 0; c < width; c++) totals[c] = totals[c]! + src.heap[base + c]!;
    }
    const shape = keepDims
      ? x.shape.map((size, index) => (index < axes.length ? 1 : size))
      : x.shape.slice(axes.length);
    return backend.makeOutput(shape, "float32", undefined, Float32Array.from(totals));
  };

/** Registers the replacements above on the wasm backend. */
export function registerWasmFastKernels(): void {
  replaceKernel("MaxPoolGrad", maxPoolGrad);
  replaceKernel("BatchMatMul", batchMatMul);
  replaceKernel("Sum", sum);
}
