// `chorus stats`: a project's agreement and ambiguity figures. With --json, ONE JSON object on stdout
// (scripts rely on its keys: images, votes, krippendorffAlpha, fleissKappa, meanEntropy,
// perClassAgreement, ...). Computed from the running counts (images.counts), so it is fast at 32k images.
import { computeProjectSummary } from "../../lib/analytics/project-summary";
import { refreshProjectStats } from "../../lib/analytics/refresh";
import { readStat } from "../../lib/analytics/stats-cache";
import type { ReliabilityStats } from "../../lib/analytics/refresh";
import type { CountSummary } from "../../lib/ambiguity/summary";
import { AppError } from "../../lib/errors";
import { findProjectByName } from "../../lib/projects/projects";
import { parseCommandArgs, requireOption, UsageError } from "../args";
import type { Command } from "../command";

const SPLITS = ["train", "valid", "test"] as const;

function format(value: number | null, digits = 4): string {
  return value === null ? "n/a" : value.toFixed(digits);
}

function readable(
  name: string,
  summary: CountSummary,
  scope: string,
  reliability: ReliabilityStats | null,
): string {
  const lines = [
    `${name} (${scope}): ${summary.images.toLocaleString("en-US")} images, ${summary.votes.toLocaleString("en-US")} votes`,
    `  Krippendorff's alpha (nominal): ${format(summary.krippendorffAlpha)}`,
    `  Fleiss' kappa: ${format(summary.fleissKappa)} over ${summary.fleissImages} images with ${summary.fleissVotesPerImage} votes` +
      ` (Randolph's free-marginal kappa ${format(summary.randolphKappa)})`,
    `  mean entropy: ${format(summary.meanEntropy)} nats (normalised ${format(summary.meanNormalizedEntropy, 3)})`,
  ];
  if (reliability) {
    const { alpha, kappa } = reliability.all;
    lines.push(
      `  95% bootstrap intervals (${reliability.resamples} resamples, all labels, all splits):` +
        ` alpha [${format(alpha.low)}, ${format(alpha.high)}], kappa [${format(kappa.low)}, ${format(kappa.high)}]`,
    );
  }
  lines.push("  label            majority    soft mass   agreement");
  for (const label of summary.labels) {
    lines.push(
      `  ${label.padEnd(14)} ${String(summary.majorityCounts[label] ?? 0).padStart(9)} ${(summary.softMass[label] ?? 0).toFixed(1).padStart(12)} ${format(summary.perClassAgreement[label] ?? null, 3).padStart(11)}`,
    );
  }
  return lines.join("\n");
}

const command: Command = {
  summary: "print a project's agreement and ambiguity statistics",
  usage:
    "chorus stats --project <name> [--json] [--split train|valid|test] [--emotions-only] [--refresh]\n\n" +
    "  --emotions-only  drop unknown and not_a_face votes before computing\n" +
    "  --refresh        also recompute the cached statistics (bootstrap intervals, Dawid-Skene, annotator profiles)",
  async run(args) {
    const { values } = parseCommandArgs(args, {
      project: { type: "string" },
      json: { type: "boolean" },
      split: { type: "string" },
      "emotions-only": { type: "boolean" },
      refresh: { type: "boolean" },
    });
    const name = requireOption(values.project, "project");
    const split = values.split;
    if (split !== undefined && !SPLITS.includes(split as (typeof SPLITS)[number])) {
      throw new UsageError(`--split must be one of ${SPLITS.join(", ")} (got "${split}")`);
    }
    const project = await findProjectByName(name);
    if (!project) throw new AppError("not_found", `no project named "${name}"`);
    const emotionsOnly = values["emotions-only"] ?? false;
    const started = performance.now();
    const summary = await computeProjectSummary(project.id, {
      split: split as (typeof SPLITS)[number] | undefined,
      emotionsOnly,
    });
    if (values.refresh) await refreshProjectStats(project.id, { log: (line) => console.error(line) });
    const reliability = await readStat<ReliabilityStats>(project.id, "reliability");
    const { entropyHistogram: _histogram, confusion, ...figures } = summary;
    const output = {
      project: project.name,
      projectId: project.id,
      split: split ?? null,
      emotionsOnly,
      ...figures,
      // Row label: one vote's label; column: share of the other votes on the same face.
      confusion: Object.fromEntries(
        summary.labels.map((label, c) => [
          label,
          Object.fromEntries(summary.labels.map((other, k) => [other, confusion[c]?.[k] ?? 0])),
        ]),
      ),
      intervals: reliability
        ? {
            ...(emotionsOnly ? reliability.data.emotionsOnly : reliability.data.all),
            scope: "all splits",
            votes: reliability.voteCount,
            computedAt: reliability.computedAt.toISOString(),
          }
        : null,
      durationMs: Math.round(performance.now() - started),
    };
    if (values.json) {
      console.log(JSON.stringify(output));
      return;
    }
    const scope = [split ?? "all splits", emotionsOnly ? "emotions only" : "all labels"].join(", ");
    console.log(readable(project.name, summary, scope, reliability?.data ?? null));
  },
};

export default command;
