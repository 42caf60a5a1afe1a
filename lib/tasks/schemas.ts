// zod schemas of task requests, shared by the API and the annotation page (no server imports).
import { z } from "zod";

/**
 * Image ids the page already holds (on screen, prefetched, answered but unsent) or skipped: never
 * handed out to it again. Bounded to keep the query small.
 */
export const excludeIdsSchema = z.array(z.number().int().positive()).max(200);
