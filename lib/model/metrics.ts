// Evaluation measures from predicted distributions and crowd votes (pure: no tensors, no database).
import { argmax } from "../ambiguity/distribution";
import { majorityClass } from "./votes";
import type { LabeledSet, Metrics } from "./types";

const ECE_BINS = 15;
const FLOOR = 1e-12;

/**
 * FERPlus protocol (microsoft/FERPlus train.py: valid/test readers run in "majority" mode): images whose
 * majority is unknown / not_a_face or not > 50% are dropped; accuracy = argmax(prediction) == majority.
 * nll and ece use the same images; ece per Guo et al., "On Calibration of Modern Neural Networks",
 * ICML 2017, eq. 3: sum_b |B_b|/n * |acc(B_b) - conf(B_b)| over 15 equal-width confidence bins.
 * klToCrowd = mean over images with any emotion vote of KL(c || p) = sum_k c_k log(c_k / p_k), c = the raw
 * emotion vote shares (no outlier removal): how well the model reproduces the crowd's disagreement.
 */
export function computeMetrics(
  predictions: readonly ArrayLike<number>[],
  set: LabeledSet,
  classes: readonly string[],
): Metrics {
  const k = classes.length;
  const perClassTotal = new Array<number>(k).fill(0);
  const perClassCorrect = new Array<number>(k).fill(0);
  const binCount = new Array<number>(ECE_BINS).fill(0);
  const binCorrect = new Array<number>(ECE_BINS).fill(0);
  const binConfidence = new Array<number>(ECE_BINS).fill(0);
  let images = 0;
  let correct = 0;
  let nll = 0;
  let klSum = 0;
  let klImages = 0;
  set.counts.forEach((counts, i) => {
    const p = predictions[i];
    if (!p) return;
    const predicted = argmax(p);
    const votes = counts.reduce((a, b) => a + b, 0);
    if (votes > 0) {
      let kl = 0;
      for (let c = 0; c < k; c++) {
        const share = (counts[c] ?? 0) / votes;
        if (share > 0) kl += share * Math.log(share / Math.max(p[c]!, FLOOR));
      }
      klSum += kl;
      klImages++;
    }
    const label = majorityClass(counts, set.nonEmotionCounts?.[i] ?? []);
    if (label === null) return;
    images++;
    const hit = predicted === label ? 1 : 0;
    correct += hit;
    perClassTotal[label]!++;
    perClassCorrect[label]! += hit;
    nll -= Math.log(Math.max(p[label]!, FLOOR));
    const confidence = p[predicted]!;
    const bin = Math.min(ECE_BINS - 1, Math.floor(confidence * ECE_BINS));
    binCount[bin]!++;
    binCorrect[bin]! += hit;
    binConfidence[bin]! += confidence;
  });
  let ece = 0;
  for (let b = 0; b < ECE_BINS; b++) {
    if (binCount[b]! > 0) ece += Math.abs(binCorrect[b]! - binConfidence[b]!) / Math.max(images, 1);
  }
  const perClassAccuracy: Record<string, number> = {};
  classes.forEach((name, c) => {
    if (perClassTotal[c]! > 0) perClassAccuracy[name] = perClassCorrect[c]! / perClassTotal[c]!;
  });
  return {
    images,
    accuracy: images > 0 ? correct / images : 0,
    perClassAccuracy,
    nll: images > 0 ? nll / images : 0,
    klToCrowd: klImages > 0 ? klSum / klImages : 0,
    ece,
  };
}
