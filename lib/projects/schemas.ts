// zod schemas for project input, shared by the CLI, forms and API routes.
import { z } from "zod";
import { LABEL_PRESETS } from "./labels";

export const labelSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9_][a-z0-9_ -]*$/i, "labels use letters, digits, spaces, '-' and '_'");

export const projectNameSchema = z.string().trim().min(1).max(100);

export const createProjectSchema = z.object({
  name: projectNameSchema,
  labels: z
    .array(labelSchema)
    .min(2)
    .max(50)
    .refine((labels) => new Set(labels).size === labels.length, "labels must be unique"),
  targetVotes: z.number().int().min(1).max(100).default(3),
  license: z.string().max(500).optional(),
  provenance: z.string().max(5000).optional(),
});

export type CreateProjectInput = z.input<typeof createProjectSchema>;

/** POST /api/projects: either an explicit label list or a named preset (the preset wins when both are sent). */
export const createProjectRequestSchema = createProjectSchema.partial({ labels: true }).extend({
  preset: z.enum(Object.keys(LABEL_PRESETS) as [string, ...string[]]).optional(),
});
