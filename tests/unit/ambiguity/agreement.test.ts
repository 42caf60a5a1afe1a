// Agreement measures against published reference values; each expected number says where it comes from.
import { describe, expect, it } from "vitest";
import {
  alphaInterval,
  bootstrapInterval,
  fleissKappa,
  kappaInterval,
  krippendorffAlpha,
  perClassAgreement,
  confusionMatrix,
  randolphKappa,
  rowsWithModalCount,
} from "@/lib/ambiguity";

// Wikipedia, "Fleiss' kappa", worked example (10 subjects x 14 raters x 5 categories). The value
// 0.20993070442195522 is the one statsmodels' and pyagree's tests assert for this table.
const WIKIPEDIA_FLEISS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

// fast-krippendorff (pln-fing-udelar/fast-krippendorff, src/krippendorff/krippendorff.py) doctest:
// Wikipedia's reliability data as value counts (15 units x 4 values), nominal alpha 0.691358.
const WIKIPEDIA_RELIABILITY = [
  [1, 0, 0, 0],
  [0, 0, 0, 0],
  [0, 2, 0, 0],
  [2, 0, 0, 0],
  [0, 0, 2, 0],
  [0, 0, 2, 1],
  [0, 0, 0, 3],
  [1, 0, 1, 0],
  [0, 2, 0, 0],
  [2, 0, 0, 0],
  [2, 0, 0, 0],
  [0, 0, 2, 0],
  [0, 0, 2, 0],
  [0, 0, 0, 0],
  [0, 0, 1, 1],
];

/** Count rows from (task, label) answers. */
function countRows(answers: [string, string][], labels: string[]): number[][] {
  const tasks = [...new Set(answers.map(([task]) => task))];
  return tasks.map((task) =>
    labels.map((label) => answers.filter(([t, l]) => t === task && l === label).length),
  );
}

describe("Fleiss' kappa", () => {
  it("matches Wikipedia's worked example (0.20993070442195522, as statsmodels' tests)", () => {
    expect(fleissKappa(WIKIPEDIA_FLEISS)).toBeCloseTo(0.20993070442195522, 14);
  });

  it("matches R irr::kappam.fleiss on Fleiss (1971)'s diagnoses (0.4302445, statsmodels test_fleiss_kappa_irr)", () => {
    // statsmodels/stats/tests/test_inter_rater.py `diagnoses`: 30 patients x 6 raters, categories 1-5.
    // prettier-ignore
    const diagnoses = [
      [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
      [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
      [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
      [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
      [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
      [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ];
    const rows = diagnoses.map((ratings) =>
      [1, 2, 3, 4, 5].map((c) => ratings.filter((r) => r === c).length),
    );
    expect(fleissKappa(rows)).toBeCloseTo(0.4302445, 7);
  });

  it("Randolph's free-marginal kappa matches statsmodels test_fleis_randolph", () => {
    // statsmodels/stats/tests/test_inter_rater.py::test_fleis_randolph (atol 6e-6 there).
    expect(
      fleissKappa([
        [7, 1],
        [3, 5],
      ]),
    ).toBeCloseTo(0.161905, 6);
    expect(
      randolphKappa([
        [7, 1],
        [3, 5],
      ]),
    ).toBeCloseTo(0.214286, 6);
    expect(
      fleissKappa([
        [6, 1, 0],
        [0, 7, 0],
      ]),
    ).toBeCloseTo(0.708333, 6);
    expect(
      randolphKappa([
        [6, 1, 0],
        [0, 7, 0],
      ]),
    ).toBeCloseTo(0.785714, 6);
    expect(
      randolphKappa([
        [7, 0],
        [7, 0],
      ]),
    ).toBe(1);
  });

  it("refuses rows with different totals and picks the modal count (ties: the larger count)", () => {
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 2],
      ]),
    ).toThrow(/same number of votes/);
    const modal = rowsWithModalCount([
      [2, 0],
      [1, 1],
      [3, 0],
      [2, 1],
      [1, 0],
    ]);
    expect(modal.votesPerImage).toBe(3);
    expect(modal.rows).toHaveLength(2);
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it("matches fast-krippendorff's doctest on Wikipedia's reliability data (0.691358)", () => {
    expect(Number(krippendorffAlpha(WIKIPEDIA_RELIABILITY).toFixed(6))).toBe(0.691358);
  });

  it("matches crowd-kit's alpha_krippendorff test on its toy fixture (0.14219114219114215)", () => {
    // Toloka/crowd-kit tests/conftest.py toy_answers_df: (worker, task, label) answers.
    // prettier-ignore
    const toy: [string, string][] = [
      ["t1", "no"], ["t2", "yes"], ["t3", "yes"], ["t4", "yes"], ["t5", "yes"],
      ["t1", "yes"], ["t2", "yes"], ["t3", "no"], ["t4", "yes"], ["t5", "no"],
      ["t2", "yes"], ["t3", "no"], ["t4", "yes"], ["t5", "no"],
      ["t1", "yes"], ["t2", "no"], ["t3", "yes"], ["t4", "yes"], ["t5", "no"],
      ["t1", "no"], ["t2", "no"], ["t3", "no"], ["t4", "yes"], ["t5", "no"],
    ];
    expect(krippendorffAlpha(countRows(toy, ["no", "yes"]))).toBeCloseTo(0.14219114219114215, 14);
    // Same test file: perfect agreement -> 1.0, and X,Y agree / Z disagrees -> 0.4444444444444444.
    expect(
      krippendorffAlpha([
        [0, 2],
        [2, 0],
      ]),
    ).toBe(1);
    expect(
      krippendorffAlpha([
        [0, 2],
        [2, 0],
        [1, 1],
      ]),
    ).toBeCloseTo(0.4444444444444444, 15);
  });

  it("ignores images with fewer than 2 votes and is NaN when undefined", () => {
    expect(krippendorffAlpha([...WIKIPEDIA_RELIABILITY, [0, 1, 0, 0]])).toBeCloseTo(0.691358, 6);
    expect(
      krippendorffAlpha([
        [3, 0],
        [2, 0],
      ]),
    ).toBeNaN();
  });
});

describe("per-class agreement and confusion", () => {
  it("gives o_cc / n_c and row-normalised coincidences", () => {
    // One image voted [2, 1]: pairs (a,a)=2, (a,b)=2, (b,a)=2 over m-1 = 2 -> o = [[1,1],[1,0]].
    expect(perClassAgreement([[2, 1]])).toEqual([0.5, 0]);
    expect(confusionMatrix([[2, 1]])).toEqual([
      [0.5, 0.5],
      [1, 0],
    ]);
  });
});

describe("bootstrap", () => {
  it("is repeatable for a seed and brackets the estimate", () => {
    const a = alphaInterval(WIKIPEDIA_RELIABILITY, { resamples: 500, seed: 7 });
    const b = alphaInterval(WIKIPEDIA_RELIABILITY, { resamples: 500, seed: 7 });
    expect(a).toEqual(b);
    expect(a.estimate).toBeCloseTo(0.691358, 6);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    const kappa = bootstrapInterval(WIKIPEDIA_FLEISS, (rows) => fleissKappa(rows), {
      resamples: 300,
      seed: 3,
    });
    expect(kappa.low).toBeLessThan(0.2099);
    expect(kappa.high).toBeGreaterThan(0.2099);
  });
});

describe("fast interval helpers", () => {
  it("kappaInterval agrees with the generic bootstrap on the same seed", () => {
    const fast = kappaInterval(WIKIPEDIA_FLEISS, { resamples: 400, seed: 11 });
    const generic = bootstrapInterval(WIKIPEDIA_FLEISS, (rows) => fleissKappa(rows), {
      resamples: 400,
      seed: 11,
    });
    expect(fast.estimate).toBeCloseTo(0.20993070442195522, 12);
    expect(fast.low).toBeCloseTo(generic.low, 10);
    expect(fast.high).toBeCloseTo(generic.high, 10);
  });
});
