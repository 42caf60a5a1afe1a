// The query of GET /api/projects/{id}/tasks/next, shared by the route and the OpenAPI document.
import { z } from "zod";

export const nextTaskQuerySchema = z.object({
  // Image ids the page already holds (on screen, prefetched) or skipped; bounded to keep the query small.
  exclude: z
    .string()
    .regex(/^\d+(,\d+)*$/, "comma-separated image ids")
    .transform((value) => value.split(",").map(Number))
    .pipe(z.array(z.number().int().positive()).max(200))
    .optional(),
});
