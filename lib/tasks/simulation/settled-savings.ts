// What the "settled" policy saves against the fixed target: votes not spent, and how far the
// distributions it stopped at are from the ones the fixed target would have produced.
import { posteriorMean } from "../../ambiguity/dirichlet";
import { klDivergence, normalize, total as sum } from "../../ambiguity/distribution";
import type { PolicySettings } from "../policies/ranking";
import { retirementReason } from "../policies/retirement";
import { simulatePolicy, type SimulationImage } from "./simulation";

export interface SettledSavings {
  images: number;
  /** Votes the fixed target spends: min(target, votes available) per image. */
  fixedVotes: number;
  /** Votes the settled policy spent before retiring each image. */
  settledVotes: number;
  saved: number;
  savedShare: number;
  /** Images retired before the target. */
  retiredEarly: number;
  /** Mean KL(fixed-target distribution || settled estimate), nats; the estimate as in `posteriorMean`. */
  meanKl: number;
}

/**
 * Replays each image's votes (seeded order) under the settled policy with no budget limit, and
 * compares with the fixed target on the same images. Images are independent here (a retired image
 * gets no more votes, an open one gets the next), so this equals `simulatePolicy` with an unlimited budget.
 */
export function settledSavings(
  images: readonly SimulationImage[],
  settings: PolicySettings,
  seed: number,
): SettledSavings {
  const capped = images.map((image) => Math.min(settings.targetVotes, sum(image.counts)));
  const budget = sum(capped);
  const settled = simulatePolicy(images, "settled", budget, settings, seed);
  const fixed = simulatePolicy(images, "fixed", budget, settings, seed);
  let kl = 0;
  let retiredEarly = 0;
  settled.counts.forEach((counts, i) => {
    const target = fixed.counts[i]!;
    kl += klDivergence(normalize(target), posteriorMean(counts, settings.retirement.prior));
    if (sum(counts) < capped[i]!) retiredEarly += 1;
  });
  return {
    images: images.length,
    fixedVotes: fixed.spent,
    settledVotes: settled.spent,
    saved: fixed.spent - settled.spent,
    savedShare: fixed.spent ? (fixed.spent - settled.spent) / fixed.spent : 0,
    retiredEarly,
    meanKl: images.length ? kl / images.length : 0,
  };
}

/**
 * Live count for a project running the settled policy: votes not asked for on images that the
 * rule has retired before the target (target - votes for each such image).
 */
export function liveSettledSavings(counts: readonly (readonly number[])[], settings: PolicySettings) {
  let retired = 0;
  let saved = 0;
  for (const imageCounts of counts) {
    const votes = sum(imageCounts);
    if (votes < settings.targetVotes && retirementReason(imageCounts, settings.retirement) === "settled") {
      retired += 1;
      saved += settings.targetVotes - votes;
    }
  }
  return { retired, saved };
}
