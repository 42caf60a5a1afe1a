// Warm start: the newest published model of a project that the next run can start from. Its weights fit
// only a network of the same architecture (architecture.ts: size, input scaling, batch norm) over the same
// emotion classes (in the same order), so both are checked here against what the model row recorded
// (settings, metrics.classes); any other model is skipped, and without a match the run starts cold.
import { fitsArchitecture, type Architecture } from "./architecture";
import { getPublishedArtifacts, listPublishedModels, type StoredArtifacts } from "./versions";

/** Published models looked at, newest first: a project rarely alternates sizes more often than this. */
const CANDIDATES = 20;

export type WarmStartModel = StoredArtifacts & { id: number; encoderId: number | null };

/** The newest published model of `projectId` with this architecture and these classes, or null. */
export async function findWarmStartModel(
  projectId: number,
  architecture: Architecture,
  classes: string[],
): Promise<WarmStartModel | null> {
  const published = await listPublishedModels(projectId, CANDIDATES);
  const match = published.find(
    (model) =>
      fitsArchitecture(model.settings, architecture) &&
      JSON.stringify(field(model.metrics, "classes")) === JSON.stringify(classes),
  );
  if (!match) return null;
  const artifacts = await getPublishedArtifacts(match.id);
  return {
    id: match.id,
    encoderId: artifacts.encoderId,
    topology: artifacts.topology,
    weightSpecs: artifacts.weightSpecs,
    weights: artifacts.weights,
  };
}

function field(json: unknown, key: string): unknown {
  return json && typeof json === "object" ? (json as Record<string, unknown>)[key] : undefined;
}
