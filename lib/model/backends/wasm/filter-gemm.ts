// The weight gradient of a stride-1 convolution on the wasm backend as im2col + one GEMM
// (see conv-kernels.ts for the other conv gradients and docs/ml.md for the measurements).
import { getKernel } from "@tensorflow/tfjs";
import type { TensorInfo, backend_util } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { batchToChannelsLast, heapF32, heapOf } from "./heap";

/** Runs the wasm backend's BatchMatMul (XNNPACK GEMM when neither side is transposed). */
function matMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  const kernel = getKernel("BatchMatMul", "wasm");
  return kernel.kernelFunc({
    inputs: { a, b },
    backend,
    attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo;
}

// Rows of dY (one per output pixel and image) per GEMM chunk: bounds the patch buffer to
// kh*kw*Ci*ROWS floats (e.g. 9*32*16384*4 B = 18 MB) instead of the whole batch's im2col.
const CHUNK_ROWS = 16384;

/**
 * Conv2DBackpropFilter for stride 1 as im2col + GEMM, chunked over output rows:
 *   dW[(p,q,ci), co] = sum_{(h,w,n)} P[(p,q,ci), (h,w,n)] * dY[(h,w,n), co],
 *   P[(p,q,ci), (h,w,n)] = X[n, h+p-pt, w+q-pl, ci]   (0 outside the image).
 * With X laid out as [Ci, H, W, N], each (p,q,ci,h) row segment of P is one contiguous run of
 * W*N floats shifted by (q-pl)*N, so P is built with memmove (copyWithin) at memory speed, and the
 * product is a plain non-transposed GEMM whose result already has the filter layout [kh,kw,Ci,Co].
 */
export function filterGradientStride1(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co } = info;
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  const xT = batchToChannelsLast(backend, x); // [Ci, H, W, N]
  const rowWidth = outWidth * n; // one output row of all images
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ROWS / rowWidth));
  const taps = kh * kw * ci;
  const total = new Float32Array(taps * co);
  for (let h0 = 0; h0 < outHeight; h0 += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, outHeight - h0);
    const patches = backend.makeOutput([taps, rows * rowWidth], "float32");
    const dyChunk = backend.makeOutput([rows * rowWidth, co], "float32");
    const heap = heapF32(backend); // re-read: makeOutput may grow the heap
    const xs = heapOf(backend, xT).offset;
    const ps = heapOf(backend, patches).offset;
    const ds = heapOf(backend, dyChunk).offset;
    const dys = heapOf(backend, dy).offset;
    // dY rows in (h, w, n) order to match the patch columns.
    for (let h = 0; h < rows; h++) {
      for (let w = 0; w < outWidth; w++) {
        for (let image = 0; image < n; image++) {
          const from = dys + ((image * outHeight + h0 + h) * outWidth + w) * co;
          heap.copyWithin(ds + ((h * outWidth + w) * n + image) * co, from, from + co);
        }
      }
    }
    for (let p = 0; p < kh; p++) {
      for (let q = 0; q < kw; q++) {
        const shift = q - padInfo.left; // input column = output column + shift
        const wStart = Math.max(0, -shift);
        const wEnd = Math.min(outWidth, inWidth - shift);
        for (let c = 0; c < ci; c++) {
          const row = ps + ((p * kw + q) * ci + c) * rows * rowWidth;
          for (let h = 0; h < rows; h++) {
            const target = row + h * rowWidth;
            const inRow = h0 + h + p - padInfo.top;
            if (inRow < 0 || inRow >= inHeight || wEnd <= wStart) {
              heap.fill(0, target, target + rowWidth);
              continue;
            }
            if (wStart > 0) heap.fill(0, target, target + wStart * n);
            if (wEnd < outWidth) heap.fill(0, target + wEnd * n, target + rowWidth);
            const from = xs + ((c * inHeight + inRow) * inWidth + wStart + shift) * n;
            heap.copyWithin(target + wStart * n, from, from + (wEnd - wStart) * n);
          }
        }
      }
    }
    const partial = matMul(backend, patches, dyChunk);
    backend.disposeData(patches.dataId);
    backend.disposeData(dyChunk.dataId);
    const { heap: ph, offset: po } = heapOf(backend, partial);
    for (let i = 0; i < total.length; i++) total[i] = total[i]! + ph[po + i]!;
    backend.disposeData(partial.dataId);
  }
  backend.disposeData(xT.dataId);
  return backend.makeOutput([kh, kw, ci, co], "float32", undefined, total);
}
