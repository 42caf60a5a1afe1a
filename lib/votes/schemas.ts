// zod schemas for votes, shared by the annotation page and the API.
import { z } from "zod";
import { excludeIdsSchema } from "../tasks/schemas";

/** Longest answer time accepted: beyond it the annotator was away, and the time says nothing. */
export const MAX_DURATION_MS = 10 * 60 * 1000;

/** Seconds during which an annotator may take back their last vote. */
export const UNDO_WINDOW_SECONDS = 10;

export const voteInputSchema = z.object({
  imageId: z.number().int().positive(),
  // The label NAME; stored as its index in the project's label order.
  label: z.string().min(1).max(100),
  durationMs: z.number().int().min(0).max(MAX_DURATION_MS),
  // Chosen by the client per answer and reused on every retry of that answer.
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'"),
});

export type VoteInput = z.infer<typeof voteInputSchema>;

/**
 * The optional part of a vote request that asks for the annotator's next task in the same answer
 * (`exclude`: image ids the page holds or skipped, as in GET tasks/next).
 */
export const voteNextSchema = z.object({
  next: z.boolean().default(false),
  exclude: excludeIdsSchema.optional(),
});

/** A vote as the API returns it (to its own annotator only). */
export interface VoteView {
  id: number;
  imageId: number;
  label: string;
  durationMs: number | null;
  createdAt: string;
}
