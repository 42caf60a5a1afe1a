// Which image should the next annotator see? One ranking per assignment policy, as pure functions
// over candidate images, so that task assignment (settled-active.ts) and the simulation share them.
import { dirichletPrior, posteriorAlpha } from "../../ambiguity/dirichlet";
import { expectedInformationGain } from "../../ambiguity/dirichlet-entropy";
import { normalize, total as sum } from "../../ambiguity/distribution";
import { randomInt, shuffleInPlace, type Rng } from "../../random";
import { retirementReason, type RetirementSettings } from "./retirement";

export type AssignmentPolicy = "fixed" | "settled" | "active";

/** An image that could be assigned: its vote counts and, when a model exists, its predicted distribution. */
export interface AssignmentCandidate {
  id: number;
  counts: readonly number[];
  prediction?: readonly number[] | null;
}

/** Everything the policies need, built from project settings by `policySettingsFor`. */
export interface PolicySettings {
  /** Fixed overlap: votes per image for "fixed", and the cap for the other policies. */
  targetVotes: number;
  /** Project-wide label shares (the fallback prediction when no model exists). */
  labelPrior: readonly number[];
  /** Retirement rule of the "settled" policy (its maxVotes is the target). */
  retirement: RetirementSettings;
  /** Weight, in pseudo-votes, of the model's prediction against the crowd's votes ("active"). */
  modelPriorStrength: number;
  /** Share of "active" assignments drawn uniformly at random among open images. */
  randomShare: number;
}

/**
 * The "active" score of an image: expected information gain of one more vote about its distribution,
 * under Dirichlet(counts + s * prediction). The model's prediction enters as a conjugate prior worth s
 * pseudo-votes, so the blended estimate is (counts + s * prediction) / (n + s): the model leads while
 * an image has few votes and the crowd takes over as they accumulate (the Dirichlet-multinomial
 * update, Gelman et al., BDA3 section 3.4). Without a prediction, the project label prior stands in.
 */
export function activeScore(candidate: AssignmentCandidate, settings: PolicySettings): number {
  const base =
    candidate.prediction && sum(candidate.prediction) > 0 ? candidate.prediction : settings.labelPrior;
  const prior = dirichletPrior(normalize(base), settings.modelPriorStrength);
  return expectedInformationGain(posteriorAlpha(candidate.counts, prior));
}

/** Whether a policy still asks for votes on this image. */
export function isOpen(
  policy: AssignmentPolicy,
  counts: readonly number[],
  settings: PolicySettings,
): boolean {
  if (policy === "settled")
    return retirementReason(counts, { ...settings.retirement, maxVotes: settings.targetVotes }) === null;
  return sum(counts) < settings.targetVotes;
}

/** Open candidates, fewest votes first; ties in random order so that parallel annotators spread out. */
function fewestVotesFirst(candidates: readonly AssignmentCandidate[], rng: Rng): AssignmentCandidate[] {
  const shuffled = shuffleInPlace([...candidates], rng);
  return shuffled
    .map((candidate, order) => ({ candidate, order, votes: sum(candidate.counts) }))
    .sort((a, b) => a.votes - b.votes || a.order - b.order)
    .map((entry) => entry.candidate);
}

/**
 * Orders candidate images for assignment under a policy, dropping the ones it no longer asks about:
 * - fixed: images below the target, fewest votes first (fixed overlap);
 * - settled: images not yet retired (see `retirementReason`), fewest votes first;
 * - active: by `activeScore`, highest first, except that each position is, with probability
 *   `randomShare`, a uniformly random open image instead, so every open image keeps a non-zero chance
 *   and estimates are not biased towards what the model finds interesting (epsilon-greedy).
 * The first id is the one to assign; the rest are fallbacks when it is leased to someone else.
 */
export function rankImagesForAssignment(
  policy: AssignmentPolicy,
  candidates: readonly AssignmentCandidate[],
  settings: PolicySettings,
  rng: Rng,
): number[] {
  const open = candidates.filter((candidate) => isOpen(policy, candidate.counts, settings));
  if (policy !== "active") return fewestVotesFirst(open, rng).map((candidate) => candidate.id);
  const ranked = open
    .map((candidate) => ({ id: candidate.id, score: activeScore(candidate, settings) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .map((entry) => entry.id);
  const order: number[] = [];
  while (ranked.length > 0) {
    const index = rng() < settings.randomShare ? randomInt(rng, ranked.length) : 0;
    order.push(ranked.splice(index, 1)[0]!);
  }
  return order;
}
