// Dawid-Skene against Toloka crowd-kit's published test values (tests/conftest.py and
// tests/aggregation/test_ds_aggregation.py).
import { describe, expect, it } from "vitest";
import { dawidSkene, type IndexedVote } from "@/lib/ambiguity";

const LABELS = ["no", "yes"];

/** Indexes (worker, task, label) answers; tasks and workers in order of first appearance. */
function indexVotes(answers: [string, string, string][]) {
  const workers = [...new Set(answers.map(([w]) => w))].sort();
  const tasks = [...new Set(answers.map(([, t]) => t))].sort();
  const votes: IndexedVote[] = answers.map(([w, t, l]) => ({
    annotator: workers.indexOf(w),
    item: tasks.indexOf(t),
    label: LABELS.indexOf(l),
  }));
  return { votes, shape: { items: tasks.length, annotators: workers.length, labels: LABELS.length } };
}

// crowd-kit tests/conftest.py `toy_answers_df` (5 workers x 5 tasks, w3 skips t1).
// prettier-ignore
const TOY: [string, string, string][] = [
  ["w1", "t1", "no"], ["w1", "t2", "yes"], ["w1", "t3", "yes"], ["w1", "t4", "yes"], ["w1", "t5", "yes"],
  ["w2", "t1", "yes"], ["w2", "t2", "yes"], ["w2", "t3", "no"], ["w2", "t4", "yes"], ["w2", "t5", "no"],
  ["w3", "t2", "yes"], ["w3", "t3", "no"], ["w3", "t4", "yes"], ["w3", "t5", "no"],
  ["w4", "t1", "yes"], ["w4", "t2", "no"], ["w4", "t3", "yes"], ["w4", "t4", "yes"], ["w4", "t5", "no"],
  ["w5", "t1", "no"], ["w5", "t2", "no"], ["w5", "t3", "no"], ["w5", "t4", "yes"], ["w5", "t5", "no"],
];

// test_ds_aggregation.py `data` fixture for test_dawid_skene_step_by_step (t4 all yes, t5 w1 yes).
// prettier-ignore
const STEP: [string, string, string][] = [
  ["w1", "t1", "no"], ["w2", "t1", "yes"], ["w4", "t1", "yes"], ["w5", "t1", "no"],
  ["w1", "t2", "yes"], ["w2", "t2", "yes"], ["w3", "t2", "yes"], ["w4", "t2", "no"], ["w5", "t2", "no"],
  ["w1", "t3", "yes"], ["w2", "t3", "no"], ["w3", "t3", "no"], ["w4", "t3", "yes"], ["w5", "t3", "no"],
  ["w1", "t4", "yes"], ["w2", "t4", "yes"], ["w3", "t4", "yes"], ["w4", "t4", "yes"], ["w5", "t4", "yes"],
  ["w1", "t5", "yes"], ["w2", "t5", "no"], ["w3", "t5", "no"], ["w4", "t5", "no"], ["w5", "t5", "no"],
];

describe("Dawid-Skene", () => {
  it.each([
    [10, 0],
    [100500, 1e-5],
  ])("labels crowd-kit's toy fixture yes, yes, no, yes, no (n_iter %d, tol %d)", (iterations, tol) => {
    const { votes, shape } = indexVotes(TOY);
    const result = dawidSkene(votes, shape, { iterations, tol });
    expect(result.labels.map((l) => LABELS[l])).toEqual(["yes", "yes", "no", "yes", "no"]);
    result.posteriors.forEach((row) => expect(row[0]! + row[1]!).toBeCloseTo(1, 12));
  });

  it("matches crowd-kit's step-by-step values after 0 and 1 iterations (atol 0.005, as there)", () => {
    const { votes, shape } = indexVotes(STEP);
    const close = (actual: number[], expected: number[]) =>
      actual.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(0.005));

    const zero = dawidSkene(votes, shape, { iterations: 0 });
    // probas_iter_0 (no, yes), priors_iter_0, tasks_labels_iter_0 (t1's tie 0.5/0.5 goes to "no", the first label).
    [
      [0.5, 0.5],
      [0.4, 0.6],
      [0.6, 0.4],
      [0, 1],
      [0.8, 0.2],
    ].forEach((row, t) => close(zero.posteriors[t]!, row));
    close(zero.priors, [0.46, 0.54]);
    expect(zero.labels.map((l) => LABELS[l])).toEqual(["no", "yes", "no", "yes", "no"]);
    // errors_iter_0 rows (worker, observed) -> [true no, true yes], e.g. w1 observed "no": 0.22, 0.19.
    // prettier-ignore
    const errors0: Record<string, number[][]> = {
      w1: [[0.22, 0.19], [0.78, 0.81]], w2: [[0.61, 0.22], [0.39, 0.78]], w3: [[0.78, 0.27], [0.22, 0.73]],
      w4: [[0.52, 0.3], [0.48, 0.7]], w5: [[1, 0.63], [0, 0.37]],
    };
    Object.values(errors0).forEach((matrix, w) =>
      matrix.forEach((row, o) => close(zero.errors[w]![o]!, row)),
    );

    const one = dawidSkene(votes, shape, { iterations: 1 });
    [
      [0.35, 0.65],
      [0.26, 0.74],
      [0.87, 0.13],
      [0, 1],
      [0.95, 0.05],
    ].forEach((row, t) => close(one.posteriors[t]!, row));
    close(one.priors, [0.49, 0.51]);
    expect(one.labels.map((l) => LABELS[l])).toEqual(["yes", "yes", "no", "yes", "no"]);
    // prettier-ignore
    const errors1: number[][][] = [
      [[0.14, 0.25], [0.86, 0.75]], [[0.75, 0.07], [0.25, 0.93]], [[0.87, 0.09], [0.13, 0.91]],
      [[0.5, 0.31], [0.5, 0.69]], [[1, 0.61], [0, 0.39]],
    ];
    errors1.forEach((matrix, w) => matrix.forEach((row, o) => close(one.errors[w]![o]!, row)));
  });

  it("handles no votes", () => {
    const result = dawidSkene([], { items: 2, annotators: 0, labels: 2 });
    expect(result.labels).toEqual([-1, -1]);
    expect(result.iterations).toBe(0);
  });
});
