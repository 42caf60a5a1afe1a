// `chorus simulate`: replays a project's complete votes as if annotators were arriving, and reports
// how close an assignment policy's distributions get to the full ones for a vote budget
// (lib/tasks/simulation/simulation.ts, docs/quality.md). With --json, ONE JSON object on stdout.
import type { AssignmentPolicy } from "../../lib/tasks/policies/ranking";
import { loadReplayData, replaySettledSavings, runPolicy } from "../../lib/tasks/simulation/project-replay";
import { parseCommandArgs, requireOption, UsageError } from "../args";
import type { Command } from "../command";

const POLICIES = ["fixed", "settled", "active"] as const;
const SPLITS = ["train", "valid", "test"] as const;

/** A non-negative integer option, or a UsageError naming it. */
function integerOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const parsed = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new UsageError(`--${name} must be a non-negative integer, got "${value ?? ""}"`);
  }
  return parsed;
}

const command: Command = {
  summary: "replay a project's votes to compare assignment policies under a vote budget",
  usage:
    "chorus simulate --project <name> --policy fixed|settled|active|all --budget <votes> [--seed N] [--split valid] [--json]\n\n" +
    "  --budget  total votes to spend over the project's images (each image gives at most its real votes)\n" +
    "  --seed    seeds the vote orders and random picks (default 1); the same seed repeats a run exactly\n" +
    "  all       runs the three policies on the same vote orders, plus the settled policy's savings",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      project: { type: "string" },
      policy: { type: "string" },
      budget: { type: "string" },
      seed: { type: "string" },
      split: { type: "string" },
      json: { type: "boolean" },
    });
    const project = requireOption(values.project, "project");
    const policyName = requireOption(values.policy, "policy");
    if (policyName !== "all" && !POLICIES.includes(policyName as AssignmentPolicy)) {
      throw new UsageError(`--policy must be one of ${POLICIES.join(", ")}, all; got "${policyName}"`);
    }
    const budget = integerOption(requireOption(values.budget, "budget"), "budget");
    const seed = integerOption(values.seed, "seed", 1);
    const split = values.split as (typeof SPLITS)[number] | undefined;
    if (split !== undefined && !SPLITS.includes(split))
      throw new UsageError(`--split must be one of ${SPLITS.join(", ")}`);

    const data = await loadReplayData(project, { split });
    if (data.images.length === 0) throw new UsageError(`project "${project}" has no voted images to replay`);
    const policies = policyName === "all" ? [...POLICIES] : [policyName as AssignmentPolicy];
    const runs = policies.map((policy) => runPolicy(data, policy, budget, seed));
    const savings = policies.includes("settled") ? replaySettledSavings(data, seed) : null;
    const report = {
      project,
      split: split ?? null,
      images: data.images.length,
      targetVotes: data.policy.targetVotes,
      budget,
      seed,
      activePrediction:
        data.modelId === null ? "label prior (no published model with predictions)" : `model ${data.modelId}`,
      runs,
      settledSavings: savings,
    };
    if (values.json) {
      console.log(JSON.stringify(report));
      return;
    }
    console.log(
      `${project}: ${data.images.length} images, budget ${budget} votes, seed ${seed}, active uses ${report.activePrediction}`,
    );
    console.log("policy    spent   votes/image  mean KL(full || estimate)");
    for (const run of runs) {
      console.log(
        `${run.policy.padEnd(8)} ${String(run.spent).padStart(7)} ${run.votesPerImage.toFixed(2).padStart(12)}  ${run.meanKl.toFixed(4)}`,
      );
    }
    if (savings) {
      console.log(
        `settled vs fixed target (no budget): ${savings.settledVotes} of ${savings.fixedVotes} votes` +
          ` (${(100 * savings.savedShare).toFixed(1)}% saved), mean KL(fixed || settled) ${savings.meanKl.toFixed(4)}`,
      );
    }
  },
};

export default command;
