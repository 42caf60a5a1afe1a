// Replays complete vote sets as if annotators were arriving, to compare assignment policies under a
// vote budget: each image's real votes are revealed one at a time, in a random order drawn without
// replacement, and each policy chooses which image gets the next vote.
import { posteriorMean } from "../../ambiguity/dirichlet";
import { countsToLabels, klDivergence, normalize, total as sum } from "../../ambiguity/distribution";
import { mixSeed, randomInt, seededRng, shuffleInPlace } from "../../random";
import { activeScore, isOpen, type AssignmentPolicy, type PolicySettings } from "../policies/ranking";
import { MaxHeap } from "./priority-queue";

/** An image with its complete votes (e.g. FER+'s 10) and, optionally, a model prediction. */
export interface SimulationImage {
  id: number;
  counts: readonly number[];
  prediction?: readonly number[] | null;
}

export interface SimulationResult {
  policy: AssignmentPolicy;
  budget: number;
  seed: number;
  images: number;
  /** Votes the policy asked for (below the budget when it ran out of open images). */
  spent: number;
  /** Mean over images of KL(full || estimate); the estimate is the posterior mean (see `posteriorMean`). */
  meanKl: number;
  /** Images that never received a vote (their estimate is the prior). */
  unvoted: number;
  /** Final revealed counts, in the order of the input images. */
  counts: number[][];
}

/** The vote order of each image: its labels shuffled with a generator seeded by (seed, image id). */
function voteOrders(images: readonly SimulationImage[], seed: number): number[][] {
  return images.map((image) =>
    shuffleInPlace(countsToLabels(image.counts), seededRng(mixSeed(seed, image.id))),
  );
}

/** Mean KL(full || posterior mean of revealed counts) over images (Cover & Thomas 2006, eq. 2.26). */
export function meanKlToFull(
  images: readonly SimulationImage[],
  revealed: readonly (readonly number[])[],
  prior: readonly number[],
): number {
  if (images.length === 0) return 0;
  let total = 0;
  images.forEach((image, i) => {
    total += klDivergence(normalize(image.counts), posteriorMean(revealed[i]!, prior));
  });
  return total / images.length;
}

/**
 * Simulates one policy for `budget` votes. The vote order of an image depends only on (seed, image
 * id), so all policies see the same orders (common random numbers) and a seed repeats a run exactly.
 * The target of every policy is capped at the votes an image really has.
 */
export function simulatePolicy(
  images: readonly SimulationImage[],
  policy: AssignmentPolicy,
  budget: number,
  settings: PolicySettings,
  seed: number,
): SimulationResult {
  if (!(Number.isInteger(budget) && budget >= 0))
    throw new RangeError("budget must be a non-negative integer");
  const orders = voteOrders(images, seed);
  const labelCount = settings.labelPrior.length;
  const revealed = images.map(() => new Array<number>(labelCount).fill(0));
  const rng = seededRng(mixSeed(seed, 0x5eed));
  const capped = (i: number): PolicySettings => ({
    ...settings,
    targetVotes: Math.min(settings.targetVotes, orders[i]!.length),
  });
  const open = (i: number) => isOpen(policy, revealed[i]!, capped(i));
  let spent = 0;
  const reveal = (i: number) => {
    const counts = revealed[i]!;
    revealed[i]![orders[i]![sum(counts)]!]! += 1;
    spent += 1;
  };

  if (policy === "active") {
    // Open images live in `pool` (random picks, O(1) removal) and in a lazily refreshed heap.
    const pool = images.map((_, i) => i).filter(open);
    const position = new Map(pool.map((i, at) => [i, at]));
    const version = new Array<number>(images.length).fill(0);
    const heap = new MaxHeap<{ i: number; version: number }>();
    const score = (i: number) => activeScore({ ...images[i]!, counts: revealed[i]! }, settings);
    for (const i of pool) heap.push(score(i), { i, version: 0 });
    const close = (i: number) => {
      const at = position.get(i)!;
      const last = pool.pop()!;
      if (last !== i) {
        pool[at] = last;
        position.set(last, at);
      }
      position.delete(i);
    };
    while (spent < budget && pool.length > 0) {
      let chosen: number;
      if (rng() < settings.randomShare) {
        chosen = pool[randomInt(rng, pool.length)]!;
      } else {
        let top = heap.pop();
        while (top && (top.item.version !== version[top.item.i] || !position.has(top.item.i)))
          top = heap.pop();
        if (!top) break;
        chosen = top.item.i;
      }
      reveal(chosen);
      version[chosen]! += 1;
      if (open(chosen)) heap.push(score(chosen), { i: chosen, version: version[chosen]! });
      else close(chosen);
    }
  } else {
    // Fewest votes first = passes over the images in one random order, skipping closed ones.
    const visit = shuffleInPlace(
      images.map((_, i) => i),
      rng,
    );
    let progressed = true;
    for (let pass = 0; progressed && spent < budget; pass++) {
      progressed = false;
      for (const i of visit) {
        if (spent >= budget) break;
        if (sum(revealed[i]!) !== pass || !open(i)) continue;
        reveal(i);
        progressed = true;
      }
    }
  }

  return {
    policy,
    budget,
    seed,
    images: images.length,
    spent,
    meanKl: meanKlToFull(images, revealed, settings.retirement.prior),
    unvoted: revealed.filter((counts) => sum(counts) === 0).length,
    counts: revealed,
  };
}
