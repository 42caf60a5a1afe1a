// Fitting a run to a wall-clock budget (settings.minutes). The schedule (warm-up, then cosine to zero)
// needs its total step count up front. Two ways to get one: make the schedule a function of elapsed
// time, or measure the first steps and fix the count. We fix the count: a schedule of steps keeps a
// run's learning rates independent of how busy the machine is from then on (a time-driven schedule
// would give another run of the same seed other rates whenever a neighbour steals the CPU). The count
// is reported (TrainResult.steps) beside the epochs it amounts to.

/** Steps timed before the count is fixed; the very first step (kernel set-up, JIT) is not counted. */
export const PROBE_STEPS = 8;

export type BudgetEstimate = {
  /** Mean seconds of one training step over the probe. */
  secondsPerStep: number;
  /** Total steps of the run, the probe included. */
  totalSteps: number;
};

/**
 * The number of steps that fits `minutes`: what is left of the budget after `elapsedSeconds`, divided
 * by the cost of a step plus its share of the per-epoch validation. Validation is a forward pass only,
 * about a third of a training step per image (forward + two backward products), so an epoch's
 * validation costs ~ validImages / batchSize / 3 steps. At least one more step; at most `maxSteps`.
 */
export function stepsForBudget(input: {
  minutes: number;
  elapsedSeconds: number;
  stepsDone: number;
  secondsPerStep: number;
  batchesPerEpoch: number;
  batchSize: number;
  validImages: number;
  maxSteps: number;
}): BudgetEstimate {
  const validationSteps = input.validImages / input.batchSize / 3;
  const perStep = input.secondsPerStep * (1 + validationSteps / input.batchesPerEpoch);
  const left = input.minutes * 60 - input.elapsedSeconds;
  const more = Math.max(1, Math.floor(left / perStep));
  return {
    secondsPerStep: input.secondsPerStep,
    totalSteps: Math.min(input.maxSteps, input.stepsDone + more),
  };
}
