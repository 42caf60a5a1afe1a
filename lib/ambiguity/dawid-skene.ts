// Dawid-Skene EM for votes whose annotators are known (Dawid & Skene 1979, "Maximum Likelihood
// Estimation of Observer Error-Rates Using the EM Algorithm", Applied Statistics 28(1):20-28, eqs. 2.3-2.5).
// The steps follow Toloka crowd-kit's DawidSkene (crowdkit/aggregation/classification/dawid_skene.py) so
// that its published test values apply: soft majority-vote initialisation, errors clipped at 1e-10,
// E-step in log space, and a stop when the evidence lower bound per vote improves by less than `tol`.
import { argmax } from "./distribution";

/** One vote: image (item) index, annotator index, label index. */
export interface IndexedVote {
  item: number;
  annotator: number;
  label: number;
}

export interface DawidSkeneResult {
  /** Posterior label distribution of each item (rows sum to 1). */
  posteriors: number[][];
  /** Class priors p_c. */
  priors: number[];
  /** errors[a][observed][true]: P(annotator a answers `observed` | true label `true`); columns sum to 1. */
  errors: number[][][];
  /** Most probable label per item (ties: the lowest label index); -1 for items without votes. */
  labels: number[];
  iterations: number;
  /** Evidence lower bound per vote after each iteration. */
  lossHistory: number[];
}

const EPS = 1e-10;

/** Soft majority vote: each item's vote fractions (crowd-kit MajorityVote.fit_predict_proba). */
function softMajority(votes: readonly IndexedVote[], items: number, labels: number): number[][] {
  const counts = Array.from({ length: items }, () => new Array<number>(labels).fill(0));
  for (const vote of votes) counts[vote.item]![vote.label]! += 1;
  return counts.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (sum > 0 ? c / sum : 0));
  });
}

function columnMeans(
  posteriors: readonly number[][],
  labels: number,
  votedItems: readonly boolean[],
): number[] {
  const priors = new Array<number>(labels).fill(0);
  let count = 0;
  posteriors.forEach((row, item) => {
    if (!votedItems[item]) return;
    count += 1;
    row.forEach((p, c) => (priors[c]! += p));
  });
  return priors.map((p) => p / Math.max(count, 1));
}

/** M-step (D&S eq. 2.3): error rates from the current posteriors, normalised per true label. */
function mStep(
  votes: readonly IndexedVote[],
  posteriors: readonly number[][],
  annotators: number,
  labels: number,
) {
  const errors = Array.from({ length: annotators }, () =>
    Array.from({ length: labels }, () => new Array<number>(labels).fill(0)),
  );
  const seen = Array.from({ length: annotators }, () => new Array<boolean>(labels).fill(false));
  for (const vote of votes) {
    seen[vote.annotator]![vote.label] = true;
    const row = errors[vote.annotator]![vote.label]!;
    posteriors[vote.item]!.forEach((p, t) => (row[t]! += p));
  }
  errors.forEach((matrix, a) => {
    // crowd-kit clips the (annotator, observed) rows it has seen at 1e-10 before normalising.
    matrix.forEach((row, observed) => {
      if (seen[a]![observed]) row.forEach((value, t) => (row[t] = Math.max(value, EPS)));
    });
    for (let t = 0; t < labels; t++) {
      let sum = 0;
      for (let o = 0; o < labels; o++) sum += matrix[o]![t]!;
      for (let o = 0; o < labels; o++) matrix[o]![t] = sum > 0 ? matrix[o]![t]! / sum : 0;
    }
  });
  return errors;
}

/** E-step (D&S eq. 2.5): posterior of each item's true label, computed with logs and a max shift. */
function eStep(
  votes: readonly IndexedVote[],
  items: number,
  priors: readonly number[],
  errors: number[][][],
) {
  const labels = priors.length;
  const logLikelihoods = Array.from({ length: items }, () => priors.map((p) => Math.log(p)));
  for (const vote of votes) {
    const row = logLikelihoods[vote.item]!;
    const observed = errors[vote.annotator]![vote.label]!;
    for (let t = 0; t < labels; t++) row[t]! += Math.log(observed[t]!);
  }
  return logLikelihoods.map((row) => {
    const top = Math.max(...row);
    const scaled = row.map((value) => Math.exp(value - top));
    const sum = scaled.reduce((a, b) => a + b, 0);
    return scaled.map((value) => value / sum);
  });
}

/** Evidence lower bound per vote, as crowd-kit computes it (its prior term is counted once per vote). */
function evidenceLowerBound(
  votes: readonly IndexedVote[],
  posteriors: readonly number[][],
  priors: readonly number[],
  errors: number[][][],
): number {
  let joint = 0;
  for (const vote of votes) {
    const post = posteriors[vote.item]!;
    const observed = errors[vote.annotator]![vote.label]!;
    post.forEach((p, t) => {
      if (p > 0) joint += p * (Math.log(observed[t]!) + Math.log(priors[t]!));
    });
  }
  let entropy = 0;
  for (const row of posteriors) for (const p of row) if (p > 0) entropy -= p * Math.log(p);
  return (joint + entropy) / votes.length;
}

/**
 * Fits Dawid-Skene to `votes` over `items` images, `annotators` annotators and `labels` labels.
 * `iterations`: the most EM rounds (crowd-kit's n_iter, default 100); `tol`: stop when the bound per
 * vote improves by less than this (default 1e-5). iterations = 0 returns the initial M-step.
 */
export function dawidSkene(
  votes: readonly IndexedVote[],
  shape: { items: number; annotators: number; labels: number },
  options: { iterations?: number; tol?: number } = {},
): DawidSkeneResult {
  const { items, annotators, labels } = shape;
  const maxIterations = options.iterations ?? 100;
  const tol = options.tol ?? 1e-5;
  const votedItems = new Array<boolean>(items).fill(false);
  for (const vote of votes) votedItems[vote.item] = true;

  let posteriors = softMajority(votes, items, labels);
  let priors = columnMeans(posteriors, labels, votedItems);
  let errors = mStep(votes, posteriors, annotators, labels);
  let loss = -Infinity;
  const lossHistory: number[] = [];
  let iterations = 0;
  for (; iterations < maxIterations && votes.length > 0;) {
    posteriors = eStep(votes, items, priors, errors).map((row, item) =>
      votedItems[item] ? row : row.map(() => 0),
    );
    priors = columnMeans(posteriors, labels, votedItems);
    errors = mStep(votes, posteriors, annotators, labels);
    iterations += 1;
    const next = evidenceLowerBound(votes, posteriors, priors, errors);
    lossHistory.push(next);
    if (next - loss < tol) break;
    loss = next;
  }
  return {
    posteriors,
    priors,
    errors,
    labels: posteriors.map((row, item) => (votedItems[item] ? argmax(row) : -1)),
    iterations,
    lossHistory,
  };
}
