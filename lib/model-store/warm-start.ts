// Warm start: the newest published model of a project that the next run can start from. Its weights fit
// only a network of the same size over the same emotion classes (in the same order), so both are checked
// here against what the model row recorded (settings.modelSize, metrics.classes); a model of another size
// or label set is skipped, and without a match the run starts cold.
import { getPublishedArtifacts, listPublishedModels, type StoredArtifacts } from "./versions";

/** Published models looked at, newest first: a project rarely alternates sizes more often than this. */
const CANDIDATES = 20;

export type WarmStartModel = StoredArtifacts & { id: number; encoderId: number | null };

/** The newest published model of `projectId` with this model size and these classes, or null. */
export async function findWarmStartModel(
  projectId: number,
  modelSize: string,
  classes: string[],
): Promise<WarmStartModel | null> {
  const published = await listPublishedModels(projectId, CANDIDATES);
  const match = published.find(
    (model) =>
      field(model.settings, "modelSize") === modelSize &&
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
