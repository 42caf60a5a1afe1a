// Updating a project's quality and assignment settings: a partial patch validated by the settings
// schema (unknown keys and bad values are 400s naming the field), merged into projects.settings.
// Flipping excludePausedAnnotators recounts the images paused annotators voted on.
import type { z } from "zod";
import { db } from "../db";
import { getProject } from "../projects/projects";
import { parseProjectSettings, projectSettingsSchema, type ProjectSettings } from "../projects/settings";
import { setExcludePausedAnnotators } from "./paused-annotators";

/** The keys researchers may change here: assignment, gold, checks and retirement. */
export const qualitySettingsPatchSchema = projectSettingsSchema
  .pick({
    assignmentPolicy: true,
    goldRate: true,
    minAnswerMs: true,
    excludePausedAnnotators: true,
    goldSmoothing: true,
    goldTrendWindow: true,
    minGoldSkill: true,
    minGoldAnswers: true,
    maxFastShare: true,
    straightLineRun: true,
    dirichletPriorStrength: true,
    settledRule: true,
    settledEntropyWidth: true,
    settledExpectedKl: true,
    settledMinVotes: true,
    modelPriorStrength: true,
    activeRandomShare: true,
  })
  // Defaults belong to reading; a patch changes only what it names.
  .partial()
  .strict();

export type QualitySettingsPatch = z.infer<typeof qualitySettingsPatchSchema>;

/** Applies `patch` to the project's settings and returns the new settings (defaults filled in). */
export async function updateQualitySettings(projectId: number, patch: unknown): Promise<ProjectSettings> {
  const changes = qualitySettingsPatchSchema.parse(patch);
  const project = await getProject(projectId);
  const before = parseProjectSettings(project.settings);
  // Each key's schema applies its default when absent; strip the defaults back out of the parsed patch.
  const named = Object.fromEntries(
    Object.entries(changes).filter(([key]) => Object.prototype.hasOwnProperty.call(patch as object, key)),
  );
  const stored = { ...(project.settings as Record<string, unknown>), ...named };
  const after = parseProjectSettings(stored);
  if (after.excludePausedAnnotators !== before.excludePausedAnnotators) {
    // Writes the switch and recounts in one transaction.
    await setExcludePausedAnnotators(projectId, after.excludePausedAnnotators);
  }
  await db.project.update({ where: { id: projectId }, data: { settings: stored as object } });
  return after;
}
