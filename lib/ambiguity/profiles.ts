// Annotator profiles from votes with known annotators: how often each agrees with the others, how
// fast they answer, which labels they use, and whether they "straight-line" (the same answer many
// times in a row, a classic sign of satisficing: Krosnick 1991, "Response strategies for coping with
// the cognitive demands of attitude measures in surveys", Appl. Cogn. Psychol. 5(3)).

export interface ProfileVote {
  annotator: string;
  /** Key of the image (any stable id). */
  image: number;
  label: number;
  durationMs: number | null;
  /** Order of the annotator's votes (e.g. createdAt in ms); votes are sorted by it. */
  at: number;
}

export interface AnnotatorProfile {
  annotator: string;
  votes: number;
  /**
   * Mean agreement with the leave-one-out majority: for each vote on an image that has other votes,
   * the majority of the OTHER votes; a vote among t tied leaders earns 1/t (so ties neither reward
   * nor punish an arbitrary pick). null when none of the annotator's images has other votes.
   */
  agreement: number | null;
  /** Votes that had other votes to compare with. */
  comparedVotes: number;
  /** Median seconds per vote over votes with a duration; null when none has one. */
  medianSeconds: number | null;
  /** Share of the annotator's votes per label (label order). */
  labelDistribution: number[];
  /** Longest run of identical consecutive labels. */
  longestRun: number;
  /** Runs of at least `runThreshold` identical labels. */
  longRuns: number;
  /** True when longestRun >= runThreshold. */
  straightLining: boolean;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Credit of `label` against the majority of `others` (counts without the vote itself): 1/t if among t leaders. */
export function leaveOneOutCredit(others: readonly number[], label: number): number | null {
  const top = Math.max(0, ...others);
  if (top <= 0) return null;
  if ((others[label] ?? 0) !== top) return 0;
  return 1 / others.filter((count) => count === top).length;
}

/**
 * Profiles of every annotator in `votes`. `imageCounts(image)` gives the image's full running counts
 * (every source), from which each vote's own label is removed for the leave-one-out majority.
 */
export function annotatorProfiles(
  votes: readonly ProfileVote[],
  imageCounts: (image: number) => readonly number[] | undefined,
  options: { labelCount: number; runThreshold?: number },
): AnnotatorProfile[] {
  const runThreshold = options.runThreshold ?? 10;
  const byAnnotator = new Map<string, ProfileVote[]>();
  for (const vote of votes) {
    const list = byAnnotator.get(vote.annotator) ?? [];
    list.push(vote);
    byAnnotator.set(vote.annotator, list);
  }
  const profiles: AnnotatorProfile[] = [];
  for (const [annotator, list] of byAnnotator) {
    list.sort((a, b) => a.at - b.at);
    let credit = 0;
    let compared = 0;
    const labelCounts = new Array<number>(options.labelCount).fill(0);
    const durations: number[] = [];
    let longestRun = 0;
    let run = 0;
    let longRuns = 0;
    list.forEach((vote, index) => {
      labelCounts[vote.label] = (labelCounts[vote.label] ?? 0) + 1;
      if (vote.durationMs !== null) durations.push(vote.durationMs / 1000);
      const counts = imageCounts(vote.image);
      if (counts) {
        const others = counts.map((count, label) => (label === vote.label ? count - 1 : count));
        const score = leaveOneOutCredit(others, vote.label);
        if (score !== null) {
          credit += score;
          compared += 1;
        }
      }
      run = index > 0 && list[index - 1]!.label === vote.label ? run + 1 : 1;
      if (run === runThreshold) longRuns += 1;
      longestRun = Math.max(longestRun, run);
    });
    profiles.push({
      annotator,
      votes: list.length,
      agreement: compared > 0 ? credit / compared : null,
      comparedVotes: compared,
      medianSeconds: median(durations),
      labelDistribution: labelCounts.map((count) => count / list.length),
      longestRun,
      longRuns,
      straightLining: longestRun >= runThreshold,
    });
  }
  return profiles.sort((a, b) => b.votes - a.votes);
}
