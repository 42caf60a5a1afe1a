// The dashboard's policy figures for a project: the three policies replayed on its complete images
// (mean KL to the full distributions by votes per image), the settled policy's savings against the
// fixed target, and the votes the rule has saved so far. Cached in project_stats (kind
// "quality:policies") and recomputed when the project's vote count or settings change.
import { total as sum } from "../ambiguity/distribution";
import { getProject } from "../projects/projects";
import { projectTotals } from "../projects/queries";
import { mixSeed, seededRng, shuffleInPlace } from "../random";
import { loadReplayData, runPolicy, type ReplayData } from "../tasks/simulation/project-replay";
import { liveSettledSavings, settledSavings, type SettledSavings } from "../tasks/simulation/settled-savings";
import { readStat, writeStat } from "./stats-cache";

const KIND = "quality:policies";
// A seeded sample bounds the first view: 6 s measured on FER2013Valid (busy shared 2-core machine), then cached.
const MAX_IMAGES = 1000;
const SEED = 1;

export interface PolicyComparison {
  /** The project settings the figures were computed with (a change recomputes them). */
  settingsKey: string;
  policy: string;
  activePrediction: string;
  /** Images with at least the target number of votes, and how many of them were replayed. */
  completeImages: number;
  replayedImages: number;
  rows: { perImage: number; fixed: number; settled: number; active: number }[];
  savings: SettledSavings | null;
  /** Live: images the settled rule has retired before the target, and the votes not asked for. */
  live: { retired: number; saved: number };
}

function compute(data: ReplayData, assignmentPolicy: string, settingsKey: string): PolicyComparison {
  const target = data.policy.targetVotes;
  const complete = data.images.filter((image) => sum(image.counts) >= target);
  const sample = shuffleInPlace([...complete], seededRng(mixSeed(SEED, data.projectId))).slice(0, MAX_IMAGES);
  sample.sort((a, b) => a.id - b.id);
  const replay = { ...data, images: sample };
  const levels = [...new Set([1, 2, 3, 4, 6, 8, target].filter((n) => n <= target))];
  const rows = sample.length
    ? levels.map((perImage) => {
        const [fixed, settled, active] = (["fixed", "settled", "active"] as const).map(
          (policy) => runPolicy(replay, policy, perImage * sample.length, SEED).meanKl,
        );
        return { perImage, fixed: fixed!, settled: settled!, active: active! };
      })
    : [];
  return {
    settingsKey,
    policy: assignmentPolicy,
    activePrediction: data.modelId === null ? "label shares (no published model)" : `model ${data.modelId}`,
    completeImages: complete.length,
    replayedImages: sample.length,
    rows,
    savings: sample.length ? settledSavings(sample, data.policy, SEED) : null,
    live: liveSettledSavings(
      data.images.map((image) => image.counts),
      data.policy,
    ),
  };
}

/** The cached comparison, recomputed when the project's vote count moved since it was stored. */
export async function loadPolicyComparison(
  projectId: number,
): Promise<{ data: PolicyComparison; voteCount: number; computedAt: Date }> {
  const project = await getProject(projectId);
  const { votes } = await projectTotals(projectId);
  const cached = await readStat<PolicyComparison>(projectId, KIND);
  const settingsKey = JSON.stringify(project.settings);
  if (cached && cached.voteCount === votes && cached.data.settingsKey === settingsKey) {
    return { data: cached.data, voteCount: votes, computedAt: cached.computedAt };
  }
  const replay = await loadReplayData(project.name);
  const data = compute(replay, replay.settings.assignmentPolicy, settingsKey);
  const computedAt = await writeStat(projectId, KIND, votes, data);
  return { data, voteCount: votes, computedAt };
}
