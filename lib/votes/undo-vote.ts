// Undo: an annotator takes back their last vote within UNDO_WINDOW_SECONDS. Deleting the row lets
// the counts trigger decrement the image; the image is leased back to them to answer again.
import { db } from "../db";
import { AppError } from "../errors";
import { imageUrl, type Task } from "../tasks/next-task";
import { toVoteView } from "./record-vote";
import type { RepeatAnswers } from "./repeat-answers";
import { UNDO_WINDOW_SECONDS, type VoteView } from "./schemas";
import { deleteRecentVoteAndLease } from "./sql";

/** Deletes the annotator's last vote in the project if it is recent enough; 404 none, 409 too old. */
export async function undoLastVote(input: {
  project: { id: number; labels: readonly string[] };
  annotatorId: string;
  leaseSeconds: number;
  /** Hidden repeats' answers (lib/tasks/policies/repeat-answers.ts). */
  repeats: RepeatAnswers;
}): Promise<{ vote: VoteView; task: Task }> {
  const { project, annotatorId, leaseSeconds } = input;
  const last = await db.vote.findFirst({
    where: { projectId: project.id, annotatorId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true },
  });
  // The latest answer may be a hidden repeat's: undo that one, not the vote.
  const repeat = await input.repeats.undoLast({
    project,
    annotatorId,
    lastVoteAt: last?.createdAt ?? null,
    windowSeconds: UNDO_WINDOW_SECONDS,
    leaseSeconds,
  });
  if (repeat) {
    const task = {
      imageId: repeat.imageId,
      imageUrl: imageUrl(repeat.imageId),
      leaseExpiresAt: repeat.expiresAt,
    };
    return { vote: repeat.vote, task };
  }
  if (!last) throw new AppError("not_found", "you have no vote to undo in this project");
  // The age check is inside the DELETE, so a vote can never be removed after its window closed.
  const rows = await deleteRecentVoteAndLease({
    voteId: last.id,
    projectId: project.id,
    annotatorId,
    windowSeconds: UNDO_WINDOW_SECONDS,
    leaseSeconds,
  });
  const row = rows[0];
  if (!row) {
    throw new AppError("conflict", `votes can only be undone within ${UNDO_WINDOW_SECONDS} seconds`);
  }
  return {
    vote: toVoteView(row, project.labels),
    task: { imageId: row.image_id, imageUrl: imageUrl(row.image_id), leaseExpiresAt: row.lease_expires_at },
  };
}
