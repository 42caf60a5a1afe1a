// The one way a project's settings change (PATCH /api/projects/{id}/settings, the settings form, the
// re-split seed): a partial patch of any key of the settings schema plus the project's target votes,
// validated by the same zod schema (unknown keys and bad values are 400s naming the field, nothing
// changes). The merge runs on the row locked FOR UPDATE, so concurrent saves of different keys both
// survive (a read-modify-write without the lock lost one); flipping excludePausedAnnotators recounts
// in the same transaction.
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { recountPausedAnnotatorVotes } from "./paused-annotators";
import { createProjectSchema } from "./schemas";
import { parseProjectSettings, projectSettingsSchema, setting, type ProjectSettings } from "./settings";
import { lockProjectRow } from "./sql";

export const projectSettingsPatchSchema = projectSettingsSchema
  .extend({
    targetVotes: createProjectSchema.shape.targetVotes.meta(
      setting("Target votes per image", "the cap for every policy", "Assignment"),
    ),
  })
  // Defaults belong to reading; a patch changes only what it names.
  .partial()
  .strict();

/** Applies `patch`; returns the new settings (defaults filled in) and target votes. */
export async function updateProjectSettings(
  projectId: number,
  patch: unknown,
): Promise<{ settings: ProjectSettings; targetVotes: number }> {
  const parsed = projectSettingsPatchSchema.parse(patch);
  // zod fills defaults into absent keys: keep only the keys the patch names.
  const named = Object.fromEntries(
    Object.entries(parsed).filter(([key]) => Object.prototype.hasOwnProperty.call(patch as object, key)),
  );
  const { targetVotes, ...changes } = named as { targetVotes?: number } & Record<string, unknown>;
  return db.$transaction(async (tx) => {
    const project = await lockProject(tx, projectId);
    const before = parseProjectSettings(project.settings);
    const stored = { ...project.settings, ...changes };
    const after = parseProjectSettings(stored);
    await checkInstructionExamples(tx, { id: projectId, labels: project.labels }, after.instructionExamples);
    const updated = await tx.project.update({
      where: { id: projectId },
      data: { settings: stored as object, ...(targetVotes === undefined ? {} : { targetVotes }) },
      select: { targetVotes: true },
    });
    if (after.excludePausedAnnotators !== before.excludePausedAnnotators) {
      // The vote trigger reads the switch just written; recount what it changes.
      await recountPausedAnnotatorVotes(tx, projectId);
    }
    return { settings: after, targetVotes: updated.targetVotes };
  });
}

/** The project's settings and labels, its row locked until the transaction ends; 404 when unknown. */
async function lockProject(
  tx: Tx,
  projectId: number,
): Promise<{ settings: Record<string, unknown>; labels: string[] }> {
  // Locked (FOR UPDATE), so that the merge below sees the last save.
  const [row] = await lockProjectRow(tx, projectId);
  if (!row) throw new AppError("not_found", `project ${projectId} not found`);
  return { settings: row.settings ?? {}, labels: row.labels };
}

/** Example faces must be images of this project, shown under one of its labels (400 naming the field). */
async function checkInstructionExamples(
  tx: Tx,
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
  const found = await tx.image.count({ where: { projectId: project.id, id: { in: ids } } });
  if (found !== ids.length) {
    throw new AppError("bad_request", "example faces must be images of this project", {
      field: "instructionExamples",
    });
  }
}
