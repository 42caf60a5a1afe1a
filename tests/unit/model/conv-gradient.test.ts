// The wasm conv gradients registered in lib/model (wasm has no Conv2DBackpropFilter; its
// Conv2DBackpropInput is replaced by a faster one) against central-difference numeric gradients and
// against the cpu backend's reference kernels.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model";
import { setFilterGradientMethod } from "@/lib/model/backends/wasm/conv-kernels";

type Case = {
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number;
  pad: "same" | "valid";
};

function values(n: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  });
}

/** f(x, w) = sum(conv2d(x, w) * r): bilinear, so central differences are exact up to float rounding. */
function objective(c: Case, r: tf.Tensor) {
  return (x: tf.Tensor, w: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad), r));
}

function analytic(c: Case, xv: Float32Array, wv: Float32Array): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor4d(xv, c.x);
    const w = tf.tensor4d(wv, c.w);
    const out = tf.conv2d(x, w, c.stride, c.pad);
    const r = tf.tensor(values(out.size, 7), out.shape);
    const [dx, dw] = tf.grads(objective(c, r))([x, w]);
    return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array];
  });
}

function numericFilterGradient(c: Case, xv: Float32Array, wv: Float32Array, eps: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(xv, c.x);
    const shapeOut = tf.conv2d(x, tf.tensor4d(wv, c.w), c.stride, c.pad).shape;
    const r = tf.tensor(
      values(
        shapeOut.reduce((a, b) => a * b, 1),
        7,
      ),
      shapeOut,
    );
    const f = objective(c, r);
    return Float32Array.from(wv, (_, i) => {
      const plus = Float32Array.from(wv);
      const minus = Float32Array.from(wv);
      plus[i]! += eps;
      minus[i]! -= eps;
      const fp = f(x, tf.tensor4d(plus, c.w)).dataSync()[0]!;
      const fm = f(x, tf.tensor4d(minus, c.w)).dataSync()[0]!;
      return (fp - fm) / (2 * eps);
    });
  });
}

const maxError = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe("wasm conv gradients", () => {
  beforeAll(async () => {
    expect(await initBackend({ prefer: "wasm", log: () => {} })).toBe("wasm");
  });

  const cases: Case[] = [
    { x: [2, 6, 6, 3], w: [3, 3, 3, 4], stride: 1, pad: "same" },
    { x: [2, 7, 5, 2], w: [3, 3, 2, 3], stride: 1, pad: "valid" },
    { x: [2, 7, 7, 2], w: [3, 3, 2, 3], stride: 2, pad: "same" },
    { x: [1, 9, 9, 1], w: [5, 5, 1, 2], stride: 1, pad: "same" },
  ];

  for (const c of cases) {
    it(`filter gradient matches the numeric gradient (x ${c.x}, w ${c.w}, stride ${c.stride}, ${c.pad})`, async () => {
      await tf.setBackend("wasm");
      const xv = values(
        c.x.reduce((a, b) => a * b, 1),
        1,
      );
      const wv = values(
        c.w.reduce((a, b) => a * b, 1),
        2,
      );
      const [, dw] = analytic(c, xv, wv);
      const numeric = numericFilterGradient(c, xv, wv, 0.05);
      expect(maxError(dw, numeric)).toBeLessThan(2e-3);
      expect(Math.max(...Array.from(numeric, Math.abs))).toBeGreaterThan(0.1); // not trivially zero
    });
  }

  it("both filter-gradient formulations and the input gradient match the cpu backend on a layer-sized case", async () => {
    const c: Case = { x: [4, 12, 12, 8], w: [3, 3, 8, 16], stride: 1, pad: "same" };
    const xv = values(4 * 12 * 12 * 8, 3);
    const wv = values(3 * 3 * 8 * 16, 4);
    await tf.setBackend("cpu");
    const [dxCpu, dwCpu] = analytic(c, xv, wv);
    await tf.setBackend("wasm");
    for (const method of ["gemm", "conv"] as const) {
      setFilterGradientMethod(method);
      const [dx, dw] = analytic(c, xv, wv);
      expect(maxError(dw, dwCpu)).toBeLessThan(1e-4);
      expect(maxError(dx, dxCpu)).toBeLessThan(1e-4);
    }
    setFilterGradientMethod("gemm");
  });
});
