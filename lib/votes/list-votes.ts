// Reading votes back: an annotator's own votes (their history), or a project's votes for researchers.
import { z } from "zod";
import { db } from "../db";
import { toVoteView } from "./record-vote";
import type { VoteView } from "./schemas";
import { selectAnswers } from "./sql";

export const listVotesQuerySchema = z.object({
  annotatorId: z.string().min(1).max(100).optional(),
  // Votes with an id below the cursor (newest first).
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * Number of answers the annotator gave in the project: votes plus answered hidden repeats, so the
 * counter on the annotation page moves the same way for a repeat (lib/tasks/policies/repeats.ts). One
 * primary-key probe: triggers keep annotator_answers in step with both tables.
 */
export async function countVotesBy(projectId: number, annotatorId: string): Promise<number> {
  const [row] = await selectAnswers(projectId, annotatorId);
  return row?.answers ?? 0;
}

/** A page of the project's votes, newest first, optionally of one annotator. */
export async function listVotes(input: {
  project: { id: number; labels: readonly string[] };
  annotatorId?: string;
  cursor?: number;
  limit: number;
}): Promise<{ votes: (VoteView & { annotatorId: string | null })[]; nextCursor: number | null }> {
  const rows = await db.vote.findMany({
    where: {
      projectId: input.project.id,
      ...(input.annotatorId ? { annotatorId: input.annotatorId } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit,
  });
  const votes = rows.map((row) => ({
    ...toVoteView(
      {
        id: row.id,
        image_id: row.imageId,
        label: row.label,
        duration_ms: row.durationMs,
        created_at: row.createdAt,
      },
      input.project.labels,
    ),
    annotatorId: row.annotatorId,
  }));
  const last = votes.at(-1);
  return { votes, nextCursor: votes.length === input.limit && last ? last.id : null };
}
