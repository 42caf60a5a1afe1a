// Distribution alignment for PLL's candidate weights (ReMixMatch: Berthelot et al., ICLR 2020, sec.
// 3.2). PRODEN renormalises the model's own prediction over each candidate set, so a lean to a frequent
// class becomes the target and is learned again: on FER+ (docs/learning.md, "A second seed at equal
// epochs") pll gave up fear, contempt and anger in the last third of training. Alignment pulls the
// class marginal back to the crowd's: before the renormalisation every prediction is scaled by
//   ratio_k = target_k / running_k,
// target = the mean of the images' initial vote shares over their candidates (the crowd's marginal),
// running = a moving average of the model's batch-mean predictions, running <- m running + (1 - m) mean
// (ReMixMatch averages the last 128 batches; m = 0.99 is a window of about 100). It starts at the target
// (ratio 1), and is updated on the main thread in batch order, so the thread count does not change it.

/** Moving average over batches: about a hundred batches of 64 faces, close to ReMixMatch's window. */
const ALIGNMENT_MOMENTUM = 0.99;
/** Keeps a class the model never predicts from dividing by zero. */
const FLOOR = 1e-6;

export class DistributionAlignment {
  /** The crowd's class marginal (sums to 1). */
  readonly target: Float64Array;
  /** Moving average of the model's predicted class marginal. */
  readonly running: Float64Array;
  /** target / running, per class, as of the last `observe`. */
  readonly ratio: Float32Array;

  /**
   * `voteShares` holds `rows` images' initial weights, K per image, each summing to 1 over the
   * image's candidates.
   */
  constructor(
    voteShares: ArrayLike<number>,
    readonly classCount: number,
    readonly momentum = ALIGNMENT_MOMENTUM,
  ) {
    const k = classCount;
    const rows = voteShares.length / k;
    if (!Number.isInteger(rows) || rows === 0)
      throw new Error("vote shares must be a non-empty rows x K array");
    this.target = new Float64Array(k);
    for (let i = 0; i < rows; i++)
      for (let c = 0; c < k; c++) this.target[c]! += voteShares[i * k + c]! / rows;
    this.running = Float64Array.from(this.target);
    this.ratio = new Float32Array(k).fill(1);
  }

  /** Folds one batch's predictions (`n` rows of K probabilities) into the average; updates `ratio`. */
  observe(probabilities: ArrayLike<number>, n: number): void {
    const k = this.classCount;
    if (n === 0) return;
    for (let c = 0; c < k; c++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += probabilities[i * k + c]!;
      this.running[c] = this.momentum * this.running[c]! + ((1 - this.momentum) * mean) / n;
      this.ratio[c] = this.target[c]! / Math.max(this.running[c]!, FLOOR);
    }
  }
}
