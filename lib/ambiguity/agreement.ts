// Project-level agreement measures computed from per-image count vectors (rows: images, columns:
// labels). Counts are all these need, so they run on `images.counts` without reading the votes table.

/** Count matrix: one row per image, one count per label (same label order everywhere). */
export type CountMatrix = readonly (readonly number[])[];

function rowTotal(row: readonly number[]): number {
  let sum = 0;
  for (const count of row) sum += count;
  return sum;
}

/**
 * Fleiss' kappa for images that each received the same number n of votes (Fleiss 1971,
 * "Measuring nominal scale agreement among many raters", Psychol. Bull. 76(5), eqs. 2-6, 9):
 *   P_i = (sum_j n_ij^2 - n) / (n (n - 1)),  P_bar = mean_i P_i,
 *   p_j = sum_i n_ij / (N n),  P_e = sum_j p_j^2,  kappa = (P_bar - P_e) / (1 - P_e).
 * `chance: "uniform"` gives Randolph's free-marginal kappa, P_e = 1/K (Randolph 2005, "Free-marginal
 * multirater kappa", JLIS; statsmodels' fleiss_kappa(method="randolph")).
 * Rows must share one total n >= 2 (use `rowsWithModalCount`); NaN when kappa is undefined.
 */
export function fleissKappa(rows: CountMatrix, options: { chance?: "marginal" | "uniform" } = {}): number {
  const first = rows[0];
  if (!first) return NaN;
  const n = rowTotal(first);
  const labelCount = first.length;
  if (n < 2) return NaN;
  const columnSums = new Array<number>(labelCount).fill(0);
  let agreementSum = 0;
  for (const row of rows) {
    if (rowTotal(row) !== n) throw new Error("fleissKappa needs the same number of votes on every image");
    let squares = 0;
    row.forEach((count, j) => {
      squares += count * count;
      columnSums[j] = (columnSums[j] ?? 0) + count;
    });
    agreementSum += (squares - n) / (n * (n - 1));
  }
  const pBar = agreementSum / rows.length;
  const pE =
    options.chance === "uniform"
      ? 1 / labelCount
      : columnSums.reduce((sum, column) => sum + (column / (rows.length * n)) ** 2, 0);
  return (pBar - pE) / (1 - pE);
}

/** Randolph's free-marginal multirater kappa (Randolph 2005): Fleiss' formula with P_e = 1/K. */
export function randolphKappa(rows: CountMatrix): number {
  return fleissKappa(rows, { chance: "uniform" });
}

/**
 * The rows whose vote total equals the most common total among rows with 2 or more votes, and that
 * total. Ties between equally common totals go to the larger total (more votes per image).
 */
export function rowsWithModalCount(rows: CountMatrix): {
  votesPerImage: number;
  rows: (readonly number[])[];
} {
  const frequency = new Map<number, number>();
  for (const row of rows) {
    const n = rowTotal(row);
    if (n >= 2) frequency.set(n, (frequency.get(n) ?? 0) + 1);
  }
  let votesPerImage = 0;
  let best = 0;
  for (const [n, times] of frequency) {
    if (times > best || (times === best && n > votesPerImage)) {
      votesPerImage = n;
      best = times;
    }
  }
  return { votesPerImage, rows: rows.filter((row) => rowTotal(row) === votesPerImage) };
}

/**
 * Krippendorff's coincidence matrix for nominal data (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability", section C): o_ck = sum_u (pairs of values c, k in unit u) / (m_u - 1) over the
 * units with m_u >= 2 values, where the pairs are n_uc n_uk for c != k and n_uc (n_uc - 1) for c = k.
 * Row sums are n_c (pairable values of label c). Units with fewer than 2 votes are ignored.
 */
export function coincidenceMatrix(rows: CountMatrix): number[][] {
  const labelCount = rows[0]?.length ?? 0;
  const o = Array.from({ length: labelCount }, () => new Array<number>(labelCount).fill(0));
  for (const row of rows) {
    const m = rowTotal(row);
    if (m < 2) continue;
    for (let c = 0; c < labelCount; c++) {
      const nc = row[c] ?? 0;
      if (nc === 0) continue;
      const oc = o[c]!;
      for (let k = 0; k < labelCount; k++) {
        const nk = row[k] ?? 0;
        if (nk === 0) continue;
        oc[k] = (oc[k] ?? 0) + (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
      }
    }
  }
  return o;
}

/** Sufficient statistics of nominal alpha for one image: its pairable values per label and its o_cc sum. */
export interface AlphaTerms {
  /** n_c: pairable values of each label (0 for images with fewer than 2 votes). */
  values: number[];
  /** sum_c o_cc: observed agreeing pairs, weighted by 1 / (m_u - 1). */
  agreeing: number;
}

/** Per-image alpha terms, so that bootstrap resamples only add them up. */
export function alphaTerms(row: readonly number[]): AlphaTerms {
  const m = rowTotal(row);
  if (m < 2) return { values: row.map(() => 0), agreeing: 0 };
  let agreeing = 0;
  for (const count of row) agreeing += (count * (count - 1)) / (m - 1);
  return { values: [...row], agreeing };
}

/**
 * Nominal alpha from summed terms (Krippendorff 2011, eq. for nominal data):
 *   alpha = 1 - (n - 1) * (n - sum_c o_cc) / (n^2 - sum_c n_c^2),  n = sum_c n_c.
 * NaN when undefined (no pairable values, or every value the same label).
 */
export function alphaFromTerms(values: readonly number[], agreeing: number): number {
  let n = 0;
  let squares = 0;
  for (const nc of values) {
    n += nc;
    squares += nc * nc;
  }
  const expected = n * n - squares;
  if (n < 2 || expected === 0) return NaN;
  return 1 - ((n - 1) * (n - agreeing)) / expected;
}

/**
 * Krippendorff's alpha, nominal, for any number of votes per image; images with fewer than 2 votes
 * are ignored (Krippendorff 2011). Reference: fast-krippendorff's doctest value 0.691358 for
 * Wikipedia's reliability data.
 */
export function krippendorffAlpha(rows: CountMatrix): number {
  const labelCount = rows[0]?.length ?? 0;
  const values = new Array<number>(labelCount).fill(0);
  let agreeing = 0;
  for (const row of rows) {
    const terms = alphaTerms(row);
    terms.values.forEach((nc, c) => (values[c] = (values[c] ?? 0) + nc));
    agreeing += terms.agreeing;
  }
  return alphaFromTerms(values, agreeing);
}

/**
 * Per-label agreement: o_cc / n_c, the chance that a second vote on the same face, drawn at random,
 * repeats label c given that one vote said c (specific agreement, Uebersax 1982, "A design-independent
 * method for measuring the reliability of psychiatric diagnosis", J. Psychiatr. Res. 17(4), in
 * Krippendorff's coincidence form). NaN for labels with no pairable votes.
 */
export function perClassAgreement(rows: CountMatrix): number[] {
  const o = coincidenceMatrix(rows);
  return o.map((row, c) => {
    const nc = rowTotal(row);
    return nc > 0 ? (row[c] ?? 0) / nc : NaN;
  });
}

/**
 * Class-pair confusion: row c holds, for a vote of label c, how the other votes on the same face are
 * spread over the labels (o_ck / n_c). Off-diagonal cells show which labels the crowd confuses.
 */
export function confusionMatrix(rows: CountMatrix): number[][] {
  return coincidenceMatrix(rows).map((row) => {
    const nc = rowTotal(row);
    return row.map((value) => (nc > 0 ? value / nc : 0));
  });
}
