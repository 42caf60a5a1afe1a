// Loads a project's complete vote counts (and the latest published model's predictions) for the
// policy simulation and the settled-savings figure. Not "server-only": the CLI runs it under tsx.
import { labelPriorFromTotals } from "../../ambiguity/dirichlet";
import { AppError } from "../../errors";
import type { Split } from "../../generated/prisma/client";
import { latestPublishedModel } from "../../model-store/versions";
import { findProjectByName } from "../../projects/projects";
import { parseProjectSettings, type ProjectSettings } from "../../projects/settings";
import type { AssignmentPolicy, PolicySettings } from "../policies/ranking";
import { policySettingsFor } from "../policies/settings";
import { modelPredictionRows, votedImageCounts } from "../sql/replay";
import { settledSavings, type SettledSavings } from "./settled-savings";
import { simulatePolicy, type SimulationImage, type SimulationResult } from "./simulation";

export interface ReplayData {
  projectId: number;
  labels: string[];
  settings: ProjectSettings;
  policy: PolicySettings;
  images: SimulationImage[];
  /** The published model whose predictions "active" uses, or null (fallback: the label prior). */
  modelId: number | null;
}

/**
 * Images of the project (optionally one split) with at least one vote, their counts, and the
 * predictions of the latest published model. The label prior is the add-one-smoothed share of each
 * label over these images' votes.
 */
export async function loadReplayData(
  projectName: string,
  options: { split?: Split } = {},
): Promise<ReplayData> {
  const project = await findProjectByName(projectName);
  if (!project) throw new AppError("not_found", `no project named "${projectName}"`, { field: "project" });
  const settings = parseProjectSettings(project.settings);
  const splitFilter = options.split ?? null;
  const rows = await votedImageCounts(project.id, splitFilter);
  const model = await latestPublishedModel(project.id);
  const predictions = new Map<number, number[]>();
  if (model) {
    const predicted = await modelPredictionRows(model.id, project.id);
    for (const row of predicted) predictions.set(row.image_id, row.distribution);
  }
  const totals = new Array<number>(project.labels.length).fill(0);
  for (const row of rows) row.counts.forEach((count, label) => (totals[label]! += count));
  const labelPrior = labelPriorFromTotals(totals);
  return {
    projectId: project.id,
    labels: project.labels,
    settings,
    policy: policySettingsFor(settings, project.targetVotes, labelPrior),
    images: rows.map((row) => ({
      id: row.id,
      counts: row.counts,
      prediction: predictions.get(row.id) ?? null,
    })),
    modelId: model && predictions.size > 0 ? model.id : null,
  };
}

/** One simulated policy run, without the per-image counts (for printing). */
export type PolicyRunSummary = Omit<SimulationResult, "counts"> & { votesPerImage: number };

/** Simulates `policy` for `budget` votes on loaded replay data. */
export function runPolicy(
  data: ReplayData,
  policy: AssignmentPolicy,
  budget: number,
  seed: number,
): PolicyRunSummary {
  const { counts: _counts, ...summary } = simulatePolicy(data.images, policy, budget, data.policy, seed);
  return { ...summary, votesPerImage: data.images.length ? summary.spent / data.images.length : 0 };
}

/** Votes the settled policy saves against the fixed target on this project's complete images. */
export function replaySettledSavings(data: ReplayData, seed: number): SettledSavings {
  const complete = data.images.filter(
    (image) => image.counts.reduce((a, b) => a + b, 0) >= data.policy.targetVotes,
  );
  return settledSavings(complete, data.policy, seed);
}
