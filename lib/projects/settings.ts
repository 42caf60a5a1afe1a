// Per-project settings stored in projects.settings (JSONB), validated here. Every key has a
// default so that old rows and partial updates stay valid. Owners of each feature add their keys.
import { z } from "zod";

export const projectSettingsSchema = z.object({
  // How the next task is chosen: fixed overlap (target_votes), retire settled distributions, or model-in-the-loop.
  assignmentPolicy: z.enum(["fixed", "settled", "active"]).default("fixed"),
  // How long a fetched task is reserved for its annotator.
  leaseSeconds: z.number().int().min(10).max(3600).default(120),
  // Retrain automatically after this many new votes since the last model (0: never).
  retrainEveryVotes: z.number().int().min(0).max(10_000_000).default(0),
  // Share of an annotator's tasks drawn from gold images (0: none).
  goldRate: z.number().min(0).max(0.5).default(0),
  // Answers faster than this are flagged.
  minAnswerMs: z.number().int().min(0).max(60_000).default(700),
  // Exclude paused annotators' votes from stats, exports and training.
  excludePausedAnnotators: z.boolean().default(true),
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

/** Settings of a project row, with defaults filled in; an invalid stored value is reported, not ignored. */
export function parseProjectSettings(value: unknown): ProjectSettings {
  return projectSettingsSchema.parse(value ?? {});
}
