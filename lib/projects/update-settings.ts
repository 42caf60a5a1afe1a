// The project settings form (/projects/{id}/settings): a partial patch of any key of the settings
// schema plus the project's target votes, validated by the same zod schema (unknown keys and bad
// values are 400s naming the field, nothing changes). Flipping excludePausedAnnotators recounts.
import { db } from "../db";
import { AppError } from "../errors";
import { setExcludePausedAnnotators } from "../quality/paused-annotators";
import { getProject } from "./projects";
import { createProjectSchema } from "./schemas";
import { parseProjectSettings, projectSettingsSchema, type ProjectSettings } from "./settings";

export const projectSettingsPatchSchema = projectSettingsSchema
  .extend({ targetVotes: createProjectSchema.shape.targetVotes })
  // Defaults belong to reading; a patch changes only what it names.
  .partial()
  .strict();

/** Applies `patch`; returns the new settings (defaults filled in) and target votes. */
export async function updateProjectSettings(
  projectId: number,
  patch: unknown,
): Promise<{ settings: ProjectSettings; targetVotes: number }> {
  const parsed = projectSettingsPatchSchema.parse(patch);
  const project = await getProject(projectId);
  const before = parseProjectSettings(project.settings);
  // zod fills defaults into absent keys: keep only the keys the patch names.
  const named = Object.fromEntries(
    Object.entries(parsed).filter(([key]) => Object.prototype.hasOwnProperty.call(patch as object, key)),
  );
  const { targetVotes, ...changes } = named as { targetVotes?: number } & Record<string, unknown>;
  const stored = { ...(project.settings as Record<string, unknown>), ...changes };
  const after = parseProjectSettings(stored);
  await checkInstructionExamples(project, after.instructionExamples);
  if (after.excludePausedAnnotators !== before.excludePausedAnnotators) {
    // Writes the switch and recounts in one transaction.
    await setExcludePausedAnnotators(projectId, after.excludePausedAnnotators);
  }
  const updated = await db.project.update({
    where: { id: projectId },
    data: { settings: stored as object, ...(targetVotes === undefined ? {} : { targetVotes }) },
    select: { targetVotes: true },
  });
  return { settings: after, targetVotes: updated.targetVotes };
}

/** Example faces must be images of this project, shown under one of its labels (400 naming the field). */
async function checkInstructionExamples(
  project: { id: number; labels: string[] },
  examples: ProjectSettings["instructionExamples"],
): Promise<void> {
  const badLabel = examples.find((example) => !project.labels.includes(example.label));
  if (badLabel) {
    throw new AppError("bad_request", `"${badLabel.label}" is not a label of this project`, {
      field: "instructionExamples",
    });
  }
  const ids = [...new Set(examples.map((example) => example.imageId))];
  if (ids.length === 0) return;
  const found = await db.image.count({ where: { projectId: project.id, id: { in: ids } } });
  if (found !== ids.length) {
    throw new AppError("bad_request", "example faces must be images of this project", {
      field: "instructionExamples",
    });
  }
}
