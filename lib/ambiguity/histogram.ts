// Equal-width histograms for the dashboards (entropy, divergence, votes per image).

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width histogram of `values` over [min, max] (values outside are clamped into the end bins). */
export function histogram(
  values: Iterable<number>,
  options: { min: number; max: number; bins: number },
): HistogramBin[] {
  const { min, max, bins } = options;
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const value of values) {
    const index = Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)));
    counts[index]! += 1;
  }
  return counts.map((count, index) => ({ from: min + index * width, to: min + (index + 1) * width, count }));
}
