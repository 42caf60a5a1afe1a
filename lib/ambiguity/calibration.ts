// Reliability of a model's predicted distributions against the crowd: the reliability diagram and
// expected calibration error, with the crowd's majority as the target label.
import { argmax } from "./distribution";

export interface ReliabilityBin {
  /** Lower and upper edge of the confidence bin. */
  from: number;
  to: number;
  count: number;
  /** Mean top-class confidence of the predictions in the bin. */
  confidence: number;
  /** Share of those predictions whose top class is the crowd's majority label. */
  accuracy: number;
}

/**
 * Equal-width confidence bins (Guo et al. 2017, "On Calibration of Modern Neural Networks", ICML,
 * section 2, eqs. 2-3): for each prediction the top-class confidence and whether the top class equals
 * the target; ECE = sum_b |B_b|/N * |acc(B_b) - conf(B_b)|.
 */
export function reliabilityDiagram(
  predictions: readonly { distribution: readonly number[]; target: number }[],
  binCount = 10,
): { bins: ReliabilityBin[]; ece: number; count: number } {
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { distribution, target } of predictions) {
    const top = argmax(distribution);
    const confidence = distribution[top] ?? 0;
    const bin = sums[Math.min(binCount - 1, Math.floor(confidence * binCount))]!;
    bin.count += 1;
    bin.confidence += confidence;
    bin.correct += top === target ? 1 : 0;
  }
  const count = predictions.length;
  let ece = 0;
  const bins = sums.map((bin, index) => {
    const confidence = bin.count ? bin.confidence / bin.count : 0;
    const accuracy = bin.count ? bin.correct / bin.count : 0;
    if (count) ece += (bin.count / count) * Math.abs(accuracy - confidence);
    return { from: index / binCount, to: (index + 1) / binCount, count: bin.count, confidence, accuracy };
  });
  return { bins, ece, count };
}
