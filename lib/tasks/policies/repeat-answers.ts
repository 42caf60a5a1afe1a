// The answers side of hidden repeats (repeats.ts): the second answer to a repeated image is stored in
// its quality_repeats row, never in `votes` (one vote per image and annotator: counts, exports and
// training read that table). Implements the hook lib/votes defines (lib/votes/repeat-answers.ts).
import { db } from "../../db";
import { AppError } from "../../errors";
import type { RepeatAnswers } from "../../votes/repeat-answers";
import { toVoteView } from "../../votes/record-vote";
import type { VoteInput, VoteView } from "../../votes/schemas";
import { answerRepeatRows, repeatRowByKey, revertRepeatRows, type RepeatRow } from "../sql/repeats";

/** A repeat answer as the API shows a vote: the answer time stands for the vote's creation time. */
function toView(row: RepeatRow, labels: readonly string[]): VoteView {
  return toVoteView({ ...row, created_at: row.answered_at }, labels);
}

/**
 * Answers a repeat by its idempotency key when the key was used for one: the same answer is a
 * replay (nothing stored), another answer a 409 naming `idempotencyKey`. Null when the key is new.
 */
export async function replayRepeatAnswer(
  project: { id: number; labels: readonly string[] },
  annotatorId: string,
  vote: VoteInput,
): Promise<{ vote: VoteView; replayed: true } | null> {
  const [row] = await repeatRowByKey(annotatorId, vote.idempotencyKey);
  if (!row) return null;
  if (
    row.project_id !== project.id ||
    row.image_id !== vote.imageId ||
    project.labels[row.label] !== vote.label
  ) {
    throw new AppError("conflict", "this idempotency key was already used for a different vote", {
      field: "idempotencyKey",
    });
  }
  return { vote: toView(row, project.labels), replayed: true };
}

/**
 * Stores the answer to a pending repeat of this image (the annotator's first vote stays as it is).
 * Null when no repeat of the image is pending for the annotator. A concurrent retry of the same
 * answer finds the row answered and is answered by `replayRepeatAnswer`.
 */
export async function answerPendingRepeat(
  project: { id: number; labels: readonly string[] },
  annotatorId: string,
  vote: VoteInput,
  label: number,
): Promise<{ vote: VoteView; replayed: boolean } | null> {
  const rows = await answerRepeatRows({ projectId: project.id, annotatorId, vote, label });
  const row = rows[0];
  if (row) return { vote: toView(row, project.labels), replayed: false };
  return replayRepeatAnswer(project, annotatorId, vote);
}

/**
 * Undo of a repeat answer, when it is the annotator's latest answer in the project (newer than
 * `lastVoteAt`): the row goes back to pending, so the image can be answered again, within
 * `windowSeconds`. Null when the latest answer is a vote; 409 when the repeat answer is too old.
 */
export async function undoLastRepeat(input: {
  project: { id: number; labels: readonly string[] };
  annotatorId: string;
  lastVoteAt: Date | null;
  windowSeconds: number;
  leaseSeconds: number;
}): Promise<{ vote: VoteView; imageId: number; expiresAt: Date } | null> {
  const { project, annotatorId, lastVoteAt } = input;
  const last = await db.qualityRepeat.findFirst({
    where: { projectId: project.id, annotatorId, answeredAt: { not: null } },
    orderBy: [{ answeredAt: "desc" }, { id: "desc" }],
    select: { id: true, answeredAt: true },
  });
  if (!last?.answeredAt || (lastVoteAt && last.answeredAt <= lastVoteAt)) return null;
  const rows = await revertRepeatRows({
    repeatId: last.id,
    windowSeconds: input.windowSeconds,
    leaseSeconds: input.leaseSeconds,
  });
  const row = rows[0];
  if (!row) throw new AppError("conflict", `votes can only be undone within ${input.windowSeconds} seconds`);
  return { vote: toView(row, project.labels), imageId: row.image_id, expiresAt: row.expires_at };
}

/**
 * Skip of a served repeat: the row stays (the image is not repeated to them again), and the skip
 * answers `released: true` as for a leased task, so a repeat cannot be told apart by skipping it.
 */
export async function isPendingRepeat(
  projectId: number,
  imageId: number,
  annotatorId: string,
): Promise<boolean> {
  const pending = await db.qualityRepeat.count({ where: { projectId, imageId, annotatorId, label: null } });
  return pending > 0;
}

/** The hook passed to lib/votes' recordVote and undoLastVote. */
export const hiddenRepeatAnswers: RepeatAnswers = {
  replay: replayRepeatAnswer,
  answerPending: answerPendingRepeat,
  undoLast: undoLastRepeat,
};
