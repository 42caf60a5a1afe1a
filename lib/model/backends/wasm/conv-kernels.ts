// Convolution gradients for the tfjs wasm backend.
//
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel at all, and its Conv2DBackpropInput runs at
// ~1.5 GFLOP/s (it does not reach XNNPACK's GEMM), while its forward Conv2D (XNNPACK indirect GEMM)
// runs at 14-20 GFLOP/s single-threaded. Both gradients are themselves convolutions, so we express
// them as forward Conv2D calls on re-laid-out tensors:
//
//   dX = conv2d(dY, rot180(W) with in/out swapped)               (stride 1; "full" correlation)
//   dW[p,q,ci,co] = sum_{n,h,w} X[n, h*s+p-pt, w*s+q-pl, ci] * dY[n,h,w,co]
//        = conv2d(input  = X as [Ci, H, W, N]   (batch Ci, channels N),
//                 filter = dY as [Hy, Wy, N, Co] (dilation = stride))     -> [Ci, kh, kw, Co]
//
// (the standard identity for the filter gradient as a correlation of the input with the output
// gradient, e.g. Dumoulin & Visin, "A guide to convolution arithmetic", arXiv 1603.07285, sec. 4).
// The reduction over N*H*W then runs inside XNNPACK's GEMM micro-kernels instead of an im2col of
// 9x the activation size. The re-layouts are tiled JavaScript copies straight on the wasm heap: the
// wasm Transpose kernel manages only ~50M floats/s on these 4-D permutations, slower than the GEMM.
import { backend_util, getKernel } from "@tensorflow/tfjs";
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { filterGradientStride1 } from "./filter-gemm";
import { batchToChannelsLast, heapOf, replaceKernel } from "./heap";

type Conv2DAttrs = backend_util.ExplicitPadding | "valid" | "same" | number;
type Pads = [[number, number], [number, number], [number, number], [number, number]];

/** Runs the wasm backend's own forward Conv2D (XNNPACK) on tensor infos. */
function forwardConv(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  pad: Pads,
  dilations: [number, number],
): TensorInfo {
  const conv = getKernel("Conv2D", "wasm");
  return conv.kernelFunc({
    inputs: { x, filter },
    backend,
    attrs: { strides: [1, 1], pad, dataFormat: "NHWC", dilations },
  }) as TensorInfo;
}

/** [N, H, W, C] -> [H, W, N, C]: whole channel rows move with copyWithin (no allocation). */
function batchToPixelMajor(backend: BackendWasm, dy: TensorInfo): TensorInfo {
  const [n, h, w, c] = dy.shape as [number, number, number, number];
  const out = backend.makeOutput([h, w, n, c], "float32");
  const src = heapOf(backend, dy);
  const dst = heapOf(backend, out);
  const pixels = h * w;
  for (let image = 0; image < n; image++) {
    for (let pixel = 0; pixel < pixels; pixel++) {
      const from = src.offset + (image * pixels + pixel) * c;
      dst.heap.copyWithin(dst.offset + (pixel * n + image) * c, from, from + c);
    }
  }
  return out;
}

/** Conv2DBackpropFilter (see the header): GEMM at stride 1, one dilated forward conv otherwise. */
const conv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: Conv2DAttrs;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: [number, number, number, number];
  };
  if (dataFormat === "NCHW") throw new Error("wasm Conv2DBackpropFilter supports NHWC only");
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, padInfo } = info;
  if (strideHeight === 1 && strideWidth === 1 && filterGradientMethod === "gemm") {
    return filterGradientStride1(wasm, x, dy, info);
  }
  const xT = batchToChannelsLast(wasm, x);
  const dyT = batchToPixelMajor(wasm, dy);
  // Bottom/right padding so the correlation covers every tap; a negative need becomes a crop below.
  const spanH = (outHeight - 1) * strideHeight + 1;
  const spanW = (outWidth - 1) * strideWidth + 1;
  const padBottom = Math.max(0, filterHeight - 1 + spanH - inHeight - padInfo.top);
  const padRight = Math.max(0, filterWidth - 1 + spanW - inWidth - padInfo.left);
  const pads: Pads = [
    [0, 0],
    [padInfo.top, padBottom],
    [padInfo.left, padRight],
    [0, 0],
  ];
  const r = forwardConv(wasm, xT, dyT, pads, [strideHeight, strideWidth]); // [Ci, rh, rw, Co]
  wasm.disposeData(xT.dataId);
  wasm.disposeData(dyT.dataId);
  const [, rh, rw] = r.shape as [number, number, number, number];
  const out = wasm.makeOutput(filterShape, "float32");
  const src = heapOf(wasm, r);
  const dst = heapOf(wasm, out);
  for (let ci = 0; ci < inChannels; ci++) {
    for (let p = 0; p < filterHeight; p++) {
      for (let q = 0; q < filterWidth; q++) {
        const from = src.offset + ((ci * rh + p) * rw + q) * outChannels;
        const to = dst.offset + ((p * filterWidth + q) * inChannels + ci) * outChannels;
        dst.heap.copyWithin(to, from, from + outChannels);
      }
    }
  }
  wasm.disposeData(r.dataId);
  return out;
};

/** Conv2DBackpropInput at stride 1 as a forward conv with the flipped, transposed filter. */
function conv2dBackpropInputFast(original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const wasm = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as {
      strides: [number, number] | number;
      pad: Conv2DAttrs;
      dataFormat: "NHWC" | "NCHW";
      dimRoundingMode?: "floor" | "round" | "ceil";
      inputShape: [number, number, number, number];
    };
    const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
    const info = backend_util.computeConv2DInfo(
      inputShape,
      [kh, kw, ci, co],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const bottom = info.inHeight - info.outHeight - top + kh - 1;
    const right = info.inWidth - info.outWidth - left + kw - 1;
    const unsupported = info.strideHeight !== 1 || info.strideWidth !== 1 || dataFormat === "NCHW";
    if (unsupported || Math.min(top, left, bottom, right) < 0) {
      if (!original) throw new Error("wasm Conv2DBackpropInput: unsupported strides/padding");
      return original(args);
    }
    // W'[kh-1-p, kw-1-q, co, ci] = W[p, q, ci, co]
    const flipped = wasm.makeOutput([kh, kw, co, ci], "float32");
    const src = heapOf(wasm, filter);
    const dst = heapOf(wasm, flipped);
    for (let p = 0; p < kh; p++) {
      for (let q = 0; q < kw; q++) {
        const from = src.offset + (p * kw + q) * ci * co;
        const to = dst.offset + ((kh - 1 - p) * kw + (kw - 1 - q)) * co * ci;
        for (let i = 0; i < ci; i++) {
          for (let o = 0; o < co; o++) dst.heap[to + o * ci + i] = src.heap[from + i * co + o]!;
        }
      }
    }
    const pads: Pads = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    const dx = forwardConv(wasm, dy, flipped, pads, [1, 1]);
    wasm.disposeData(flipped.dataId);
    return dx;
  };
}

let filterGradientMethod: "gemm" | "conv" = "gemm";

/** Chooses the stride-1 filter-gradient formulation (benchmarks compare both; "gemm" is faster). */
export function setFilterGradientMethod(method: "gemm" | "conv"): void {
  filterGradientMethod = method;
}

/** Registers the conv gradient kernels on the wasm backend (call once, after the backend is ready). */
export function registerWasmConvKernels(): void {
  replaceKernel("Conv2DBackpropInput", (original) => conv2dBackpropInputFast(original));
  replaceKernel("Conv2DBackpropFilter", () => conv2dBackpropFilter);
}
