// What the training loop does with a step's outputs once the step is done, for pll: the running class
// marginal of distribution alignment, the own-feature prototypes and PRODEN's candidate-weight update of
// every image in the batch, in batch order (main thread only, so the thread count does not change it).
// (The weight average, EMA or SWA, is told by train.ts itself: evaluation-weights.ts.)
import type { Network } from "./network";
import { DistributionAlignment } from "./distribution-alignment";
import { PrototypeTracker } from "./own-prototypes";
import type { ParadigmTargets } from "./paradigms";
import type { TrainSettings } from "./settings";

export type StepBookkeeping = {
  /** Softmax outputs of the batch (n x K), filled by each step: pll only. */
  probabilities: Float32Array | null;
  /** Hidden-layer activations of the batch (n x hidden units): pll with prototypes only. */
  features: Float32Array | null;
  /** After the step just taken on `indices` (rows of `targets`) in `epoch`. */
  after(indices: number[], epoch: number): void;
};

export function createStepBookkeeping(
  targets: ParadigmTargets,
  network: Network,
  settings: TrainSettings,
  batchSize: number,
): StepBookkeeping {
  const k = targets.classCount;
  const units = network.hiddenUnits;
  const candidates = targets.candidates;
  const probabilities = candidates ? new Float32Array(batchSize * k) : null;
  const tracker =
    candidates && settings.prototypeWeight > 0
      ? new PrototypeTracker(k, units, settings.prototypeMomentum)
      : null;
  const features = tracker ? new Float32Array(batchSize * units) : null;
  const prior = new Float32Array(k);
  const alignment =
    targets.voteShares && settings.pllAlignment ? new DistributionAlignment(targets.voteShares, k) : null;
  return {
    probabilities,
    features,
    after(indices, epoch) {
      if (!probabilities || !candidates) return;
      alignment?.observe(probabilities, indices.length);
      indices.forEach((index, i) => {
        if (tracker) tracker.prior(features!, i * units, candidates, index * k, prior, 0);
        // Warm-up: the targets stay the vote shares; the prototypes learn from them meanwhile.
        if (epoch > settings.pllWarmupEpochs)
          targets.updateWeights(index, probabilities, i * k, {
            votes: settings.voteWeight,
            prototypes: settings.prototypeWeight,
            prior: tracker ? prior : undefined,
            scale: alignment?.ratio,
          });
        tracker?.update(features!, i * units, targets.pseudoLabel(index));
      });
    },
  };
}
