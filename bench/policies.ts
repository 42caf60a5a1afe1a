// `npm run bench:policies`: compares the assignment policies (fixed, settled, active) by replaying
// FER+ FER2013Valid's real votes (10 per image) under several vote budgets, and measures what the
// settled policy saves against the fixed target. Writes bench/results/policies.md and .json.
// Imports FER2013Valid into project "ferplus-valid" first when it is missing ($FERPLUS_DIR).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { setupDatabase } from "../lib/database/setup";
import { disconnectDb } from "../lib/db";
import { env } from "../lib/env";
import { importFerplusFolder } from "../lib/import/ferplus";
import { findProjectByName } from "../lib/projects/projects";
import { parseProjectSettings } from "../lib/projects/settings";
import type { AssignmentPolicy } from "../lib/tasks/policies/ranking";
import { policySettingsFor } from "../lib/tasks/policies/settings";
import { loadReplayData, runPolicy, type ReplayData } from "../lib/tasks/simulation/project-replay";
import { settledSavings } from "../lib/tasks/simulation/settled-savings";
import { simulatePolicy } from "../lib/tasks/simulation/simulation";

const PROJECT = "ferplus-valid";
const VOTES_PER_IMAGE = [1, 2, 3, 4, 5, 6, 8, 10];
const SEEDS = [1, 2, 3];
const SETTLED_VARIANTS = [
  { settledRule: "expected_kl", settledExpectedKl: 0.1 },
  { settledRule: "expected_kl", settledExpectedKl: 0.15 },
  { settledRule: "expected_kl", settledExpectedKl: 0.2 },
  { settledRule: "expected_kl", settledExpectedKl: 0.25 },
  { settledRule: "entropy_interval", settledEntropyWidth: 0.6 },
  { settledRule: "entropy_interval", settledEntropyWidth: 0.8 },
  { settledRule: "entropy_interval", settledEntropyWidth: 1.0 },
] as const;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sd = (values: number[]) => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
const cell = (values: number[]) => `${mean(values).toFixed(4)} ± ${sd(values).toFixed(4)}`;

function policyRows(data: ReplayData, label: string, policy: AssignmentPolicy) {
  return VOTES_PER_IMAGE.map((perImage) => {
    const runs = SEEDS.map((seed) => runPolicy(data, policy, perImage * data.images.length, seed));
    return { label, perImage, spent: mean(runs.map((r) => r.spent)), kl: runs.map((r) => r.meanKl) };
  });
}

async function main() {
  const database = await setupDatabase({ log: (line) => console.error(line) });
  try {
    if (!(await findProjectByName(PROJECT))) {
      const dir = path.join(env().FERPLUS_DIR ?? "/work/shared/datasets/ferplus", "FER2013Valid");
      console.error(`importing ${dir} into ${PROJECT}`);
      await importFerplusFolder({ projectName: PROJECT, dir });
    }
    const started = Date.now();
    const data = await loadReplayData(PROJECT);
    const variants: [string, ReplayData, AssignmentPolicy][] = [
      ["fixed", data, "fixed"],
      ["settled", data, "settled"],
      [
        "active (label prior)",
        { ...data, images: data.images.map((i) => ({ ...i, prediction: null })) },
        "active",
      ],
    ];
    if (data.modelId !== null) variants.push([`active (model ${data.modelId})`, data, "active"]);
    const rows = variants.flatMap(([label, replay, policy]) => policyRows(replay, label, policy));

    const savings = SETTLED_VARIANTS.map((variant) => {
      const policy = policySettingsFor(
        parseProjectSettings({ ...data.settings, ...variant }),
        data.policy.targetVotes,
        data.policy.labelPrior,
      );
      const runs = SEEDS.map((seed) => {
        const saved = settledSavings(data.images, policy, seed);
        const fixedSameBudget = simulatePolicy(data.images, "fixed", saved.settledVotes, policy, seed).meanKl;
        return { ...saved, fixedSameBudget };
      });
      return { variant, runs };
    });

    const lines = [
      "# Assignment policies on FER+ FER2013Valid (replayed votes)",
      "",
      `Measured by \`npm run bench:policies\` on ${new Date().toISOString().slice(0, 10)}: ${data.images.length} images,` +
        ` target ${data.policy.targetVotes} votes, seeds ${SEEDS.join(", ")} (mean ± sd over seeds), ${((Date.now() - started) / 1000).toFixed(0)} s.`,
      "Each image's real votes are revealed one at a time in a seeded random order (without replacement);",
      "the estimate is the posterior mean (c + s m) / (n + s) with s = dirichletPriorStrength = " +
        `${data.settings.dirichletPriorStrength} pseudo-votes spread as the project label shares m.`,
      `Settings: ${JSON.stringify({ settledRule: data.settings.settledRule, settledExpectedKl: data.settings.settledExpectedKl, settledMinVotes: data.settings.settledMinVotes, modelPriorStrength: data.settings.modelPriorStrength, activeRandomShare: data.settings.activeRandomShare })}.`,
      data.modelId === null
        ? "No published model with predictions: active uses the label prior."
        : `Active also runs with model ${data.modelId}'s predictions.`,
      "",
      "## Mean KL(full 10-vote distribution || estimate), nats, by budget",
      "",
      `| votes/image (budget) | ${variants.map(([label]) => label).join(" | ")} |`,
      `|---|${variants.map(() => "---").join("|")}|`,
      ...VOTES_PER_IMAGE.map((perImage) => {
        const cells = variants.map(([label]) => {
          const row = rows.find((r) => r.label === label && r.perImage === perImage)!;
          const short =
            row.spent < perImage * data.images.length
              ? ` (spent ${(row.spent / data.images.length).toFixed(2)}/image)`
              : "";
          return cell(row.kl) + short;
        });
        return `| ${perImage} (${perImage * data.images.length}) | ${cells.join(" | ")} |`;
      }),
      "",
      "## Settled retirement: votes saved against the fixed target (no budget limit)",
      "",
      "| rule | votes spent / fixed | saved | KL(fixed-target dist. \\|\\| settled estimate) | KL(full \\|\\| fixed estimate at the same budget) |",
      "|---|---|---|---|---|",
      ...savings.map(({ variant, runs }) => {
        const threshold =
          "settledExpectedKl" in variant
            ? `expected KL < ${variant.settledExpectedKl}`
            : `entropy 90% CI < ${variant.settledEntropyWidth}`;
        return `| ${threshold} | ${mean(runs.map((r) => r.settledVotes)).toFixed(0)} / ${runs[0]!.fixedVotes} | ${(100 * mean(runs.map((r) => r.savedShare))).toFixed(1)}% | ${cell(runs.map((r) => r.meanKl))} | ${cell(runs.map((r) => r.fixedSameBudget))} |`;
      }),
      "",
    ];
    await writeFile("bench/results/policies.md", lines.join("\n"));
    await writeFile(
      "bench/results/policies.json",
      JSON.stringify({ images: data.images.length, modelId: data.modelId, rows, savings }, null, 1),
    );
    console.log(lines.join("\n"));
  } finally {
    await disconnectDb();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
