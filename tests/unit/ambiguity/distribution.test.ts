// Per-image measures: entropy, argmax and the majority tie rule, divergences.
import { describe, expect, it } from "vitest";
import {
  argmax,
  distributionEntropy,
  dropLabels,
  entropy,
  jensenShannon,
  majority,
  normalizedEntropy,
  tiedLeaders,
  toDistribution,
} from "@/lib/ambiguity";

describe("distribution and entropy", () => {
  it("computes entropy in nats and normalised by ln K", () => {
    expect(entropy([5, 5])).toBeCloseTo(Math.LN2, 15);
    expect(entropy([1, 1, 1, 1])).toBeCloseTo(Math.log(4), 15);
    expect(entropy([7, 0, 0])).toBe(0);
    expect(entropy([0, 0])).toBe(0);
    expect(normalizedEntropy([1, 1, 1, 1])).toBeCloseTo(1, 15);
    expect(normalizedEntropy([2, 2, 0, 0])).toBeCloseTo(0.5, 15);
    // H(1/2, 1/4, 1/4) = 1.5 bits = 1.5 ln 2 nats (Cover & Thomas 2006, Example 2.1.2).
    expect(distributionEntropy([0.5, 0.25, 0.25])).toBeCloseTo(1.5 * Math.LN2, 15);
  });

  it("drops labels before normalising", () => {
    expect(toDistribution(dropLabels([2, 2, 4], [2]))).toEqual([0.5, 0.5, 0]);
    expect(toDistribution([0, 0])).toEqual([0, 0]);
  });

  it("breaks majority ties in favour of the first label in order", () => {
    expect(majority([1, 3, 3, 0])).toBe(1);
    expect(tiedLeaders([1, 3, 3, 0])).toEqual([1, 2]);
    expect(majority([0, 0])).toBeNull();
  });

  it("argmax: the first of the largest values, as numpy's argmax", () => {
    expect(argmax([0.2, 0.5, 0.5, 0.1])).toBe(1);
    expect(argmax([3, 1, 2])).toBe(0);
    expect(argmax(Float32Array.from([0.1, 0.2, 0.7]))).toBe(2);
    expect(argmax([-3, -1, -2])).toBe(1);
    expect(argmax([])).toBe(0);
    // The majority is the counts' argmax, and null only when no label has a vote.
    expect(majority([0, 2, 5, 5])).toBe(argmax([0, 2, 5, 5]));
  });

  it("Jensen-Shannon divergence is symmetric, 0 for equal and ln 2 for disjoint distributions", () => {
    expect(jensenShannon([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(Math.LN2, 15);
    expect(jensenShannon([0.9, 0.1], [0.2, 0.8])).toBeCloseTo(jensenShannon([0.2, 0.8], [0.9, 0.1]), 15);
  });
});
