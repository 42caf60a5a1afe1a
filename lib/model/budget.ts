// Fitting a run to a wall-clock budget (settings.minutes). The schedule (warm-up, then cosine to zero)
// needs its total step count. Two ways to get one: make the schedule a function of elapsed time, or
// measure steps and fix the count. We fix the count, and correct it at every epoch's end:
// - after PROBE_STEPS timed steps, a first count from their speed;
// - at each epoch's end, a new count from that epoch's measured step and validation times. The clock
//   below keeps the schedule continuous across a correction: the learning rate at that step stays
//   what it was, and the rest of the schedule is stretched or squeezed onto the new remaining steps.
// Between corrections the rates are a function of the step alone, so a busy neighbour changes how
// long a run is, not the rates within an epoch; a first count alone proved unreliable (measured: the
// first steps ran at a third of the later speed, and a 3-minute run stopped after 1.8 minutes).
// A budgeted run repeats exactly only if its corrections do; each is logged, and the final count is
// reported (TrainResult.steps) beside the epochs it amounts to.

/** Steps timed for the first count; the very first step (kernel set-up, JIT) is not counted. */
export const PROBE_STEPS = 8;

export type BudgetEstimate = {
  /** Mean seconds of one training step in the timing window. */
  secondsPerStep: number;
  /** Total steps of the run, those done included. */
  totalSteps: number;
};

/**
 * The number of steps that fits `minutes`: what is left of the budget after `elapsedSeconds`, divided
 * by the cost of a step plus its share of the per-epoch validation. Without a measured
 * `validationSeconds`, validation (a forward pass only, about a third of a training step per image)
 * is counted as validImages / batchSize / 3 steps per epoch. At most `maxSteps`; `stepsDone` when the
 * budget is spent (the run stops).
 */
export function stepsForBudget(input: {
  minutes: number;
  elapsedSeconds: number;
  stepsDone: number;
  secondsPerStep: number;
  batchesPerEpoch: number;
  batchSize: number;
  validImages: number;
  validationSeconds?: number;
  maxSteps: number;
}): BudgetEstimate {
  const validationSeconds =
    input.validationSeconds ?? (input.secondsPerStep * input.validImages) / input.batchSize / 3;
  const perStep = input.secondsPerStep + validationSeconds / input.batchesPerEpoch;
  const left = input.minutes * 60 - input.elapsedSeconds;
  const more = Math.max(0, Math.floor(left / perStep));
  return {
    secondsPerStep: input.secondsPerStep,
    totalSteps: Math.min(input.maxSteps, input.stepsDone + more),
  };
}

/**
 * Maps the run's steps to positions in a schedule of `length` steps. Until the first count the run has
 * no end (position = step, length Infinity). The first count sets length = total. A later correction
 * keeps the position reached and spreads the rest of the schedule over the new remaining steps, so the
 * learning rate is continuous and still reaches the schedule's end (zero, for cosine) at the last step.
 */
export class ScheduleClock {
  length = Infinity;
  total = Infinity;
  private anchorStep = 0;
  private anchorPosition = 0;

  /** Schedule position of step `step` (from 0). */
  position(step: number): number {
    if (!Number.isFinite(this.length)) return step;
    const span = this.total - this.anchorStep;
    if (span <= 0) return this.length;
    return this.anchorPosition + ((step - this.anchorStep) * (this.length - this.anchorPosition)) / span;
  }

  /** The run now ends after `total` steps; `nextStep` is the first step run under the new count. */
  refit(nextStep: number, total: number): void {
    if (!Number.isFinite(this.length)) {
      this.length = total;
    } else {
      this.anchorPosition = this.position(nextStep);
      this.anchorStep = nextStep;
    }
    this.total = total;
  }
}

type FitInput = Omit<
  Parameters<typeof stepsForBudget>[0],
  "elapsedSeconds" | "stepsDone" | "secondsPerStep" | "validationSeconds"
>;

/**
 * A budgeted run's timing and counts: the first count once the probe's steps are timed, then a
 * correction at each epoch's end. Uses means over the whole run so far, not the last epoch: a
 * neighbour's burst of load should bend the count a little, not swing it (a swing down then up leaves
 * the schedule at its end early). Steps are timed whole (batch assembly, step, callbacks) but without
 * the validation passes between epochs, which are measured (or, for the first count, estimated) apart.
 */
export class BudgetFitter {
  private probeSeconds = 0;
  private timedSeconds = 0;
  private timedSteps = 0;
  private validationSeconds = 0;

  constructor(
    private readonly input: FitInput,
    private readonly clock: ScheduleClock,
    private readonly startedAt: number,
  ) {}

  private elapsedSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** Step `step` (from 0) took `seconds`; returns the first count when the probe has just ended. */
  afterStep(step: number, seconds: number): BudgetEstimate | null {
    if (step < 1) return null;
    this.timedSeconds += seconds;
    this.timedSteps++;
    if (step <= PROBE_STEPS) this.probeSeconds += seconds;
    if (step !== PROBE_STEPS) return null;
    const estimate = stepsForBudget({
      ...this.input,
      elapsedSeconds: this.elapsedSeconds(),
      stepsDone: step + 1,
      secondsPerStep: this.probeSeconds / PROBE_STEPS,
    });
    this.clock.refit(step + 1, estimate.totalSteps);
    return estimate;
  }

  /**
   * End of epoch `epoch` (from 1), whose validation took `validationSeconds`, with `stepsDone` steps
   * run: the corrected count, or null before the first count and once the run is over.
   */
  afterEpoch(
    epoch: number,
    stepsDone: number,
    validationSeconds: number,
  ): (BudgetEstimate & { validationSeconds: number }) | null {
    this.validationSeconds += validationSeconds;
    if (stepsDone <= PROBE_STEPS || stepsDone >= this.clock.total) return null;
    const meanValidation = this.validationSeconds / epoch;
    const estimate = stepsForBudget({
      ...this.input,
      elapsedSeconds: this.elapsedSeconds(),
      stepsDone,
      secondsPerStep: this.timedSeconds / this.timedSteps,
      validationSeconds: meanValidation,
    });
    this.clock.refit(stepsDone, estimate.totalSteps);
    return { ...estimate, validationSeconds: meanValidation };
  }
}
