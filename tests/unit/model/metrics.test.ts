// FERPlus-protocol metrics on a hand-computed example.
import { describe, expect, it } from "vitest";
import { computeMetrics, majorityClass, type LabeledSet } from "@/lib/model";

const CLASSES = ["neutral", "happiness", "surprise"];

describe("computeMetrics", () => {
  const set: LabeledSet = {
    imageIds: [1, 2, 3, 4],
    pixels: new Float32Array(4 * 2304),
    counts: [
      [8, 2, 0], // majority neutral
      [0, 6, 4], // majority happiness
      [4, 4, 0], // 4 of 10 (with 2 "unknown"): no majority -> dropped
      [1, 0, 0], // 9 "not a face" -> dropped
    ],
    nonEmotionCounts: [
      [0, 0],
      [0, 0],
      [2, 0],
      [0, 9],
    ],
  };
  const predictions = [
    [0.7, 0.2, 0.1], // right, confidence 0.7
    [0.1, 0.3, 0.6], // wrong, confidence 0.6
    [0.5, 0.25, 0.25],
    [0.2, 0.4, 0.4],
  ];

  it("drops non-majority and non-emotion images and scores the rest", () => {
    expect(set.counts.map((c, i) => majorityClass(c, set.nonEmotionCounts![i]!))).toEqual([0, 1, null, null]);
    const m = computeMetrics(predictions, set, CLASSES);
    expect(m.images).toBe(2);
    expect(m.accuracy).toBe(0.5);
    expect(m.perClassAccuracy).toEqual({ neutral: 1, happiness: 0 });
    expect(m.nll).toBeCloseTo((-Math.log(0.7) - Math.log(0.3)) / 2, 10);
    // bins [0.667, 0.733): |1 - 0.7|; [0.6, 0.667): |0 - 0.6|; each holds 1 of 2 images
    expect(m.ece).toBeCloseTo((0.3 + 0.6) / 2, 10);
    // KL(crowd || model) over all four images (each has an emotion vote)
    const kl = [
      0.8 * Math.log(0.8 / 0.7),
      0.6 * Math.log(0.6 / 0.3) + 0.4 * Math.log(0.4 / 0.6),
      0.5 * Math.log(2),
      Math.log(5),
    ];
    expect(m.klToCrowd).toBeCloseTo(kl.reduce((a, b) => a + b, 0) / 4, 10);
  });

  it("an empty set scores zero images", () => {
    const m = computeMetrics([], { imageIds: [], pixels: new Float32Array(0), counts: [] }, CLASSES);
    expect(m).toMatchObject({ images: 0, accuracy: 0, nll: 0, klToCrowd: 0, ece: 0 });
  });
});
