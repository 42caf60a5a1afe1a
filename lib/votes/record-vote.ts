// Recording a vote: one INSERT (the counts trigger updates the image in the same transaction) and
// the release of the annotator's lease, in one statement; retries are answered from the first vote.
import { db } from "../db";
import { AppError, retryTransientConflicts } from "../errors";
import { leaseFirst } from "../tasks/leases";
import type { RepeatAnswers } from "./repeat-answers";
import { voteInputSchema, type VoteInput, type VoteView } from "./schemas";
import { insertLeasedVoteRows, type VoteRow } from "./sql";

/** API shape of a vote row, the label index turned back into its name. */
export function toVoteView(row: VoteRow, labels: readonly string[]): VoteView {
  return {
    id: Number(row.id),
    imageId: row.image_id,
    label: labels[row.label] ?? String(row.label),
    durationMs: row.duration_ms,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Records the annotator's vote on an image of the project. Returns `replayed: true` with the
 * first vote when the idempotency key was already used for this same answer (nothing stored);
 * 409 when the key was used for another answer or the annotator already voted on the image;
 * 404 for an image outside the project; 400 naming `label` for a label outside its set.
 * A second answer to an image the annotator was served again as a hidden repeat goes to `repeats`
 * (lib/tasks/policies/repeat-answers.ts: stored in quality_repeats, not votes) and is answered like a new vote.
 * A vote needs a live lease of the annotator on the image; without one it is taken only if a lease
 * could be granted now (below the target, live leases counted), else 409: an image never passes
 * its target through votes on images that were never handed out.
 */
export async function recordVote(input: RecordVoteInput): Promise<{ vote: VoteView; replayed: boolean }> {
  // Racing retries of one vote may deadlock (two unique indexes, ON CONFLICT; the lease statements)
  // and PostgreSQL rolls one back. The request is idempotent by its key, so it runs again from the
  // top, where the vote the other request stored answers it as the replay it is. A random pause
  // keeps the racers from colliding again in step. Still failing: a 503 (lib/errors.ts).
  return retryTransientConflicts(() => recordVoteOnce(input));
}

type RecordVoteInput = {
  project: { id: number; labels: readonly string[]; targetVotes: number };
  annotatorId: string;
  vote: unknown;
  repeats: RepeatAnswers;
};

async function recordVoteOnce(input: RecordVoteInput): Promise<{ vote: VoteView; replayed: boolean }> {
  const { project, annotatorId, repeats } = input;
  const vote = voteInputSchema.parse(input.vote);
  const label = project.labels.indexOf(vote.label);

  if (label < 0) {
    throw new AppError("bad_request", `label must be one of: ${project.labels.join(", ")}`, {
      field: "label",
    });
  }
  const row = await insertLeasedVote(project.id, annotatorId, vote, label);
  if (row) return { vote: toVoteView(row, project.labels), replayed: false };

  // A retry (possibly racing the first request) is answered with the vote its key stored.
  const first = await findByKey(annotatorId, vote.idempotencyKey);
  if (first) return answerReplay(first, vote, project);
  const repeatReplay = await repeats.replay(project, annotatorId, vote);
  if (repeatReplay) return repeatReplay;
  const image = await db.image.findFirst({
    where: { id: vote.imageId, projectId: project.id },
    select: { id: true },
  });
  if (!image) throw new AppError("not_found", `image ${vote.imageId} not found in project ${project.id}`);
  const repeat = await repeats.answerPending(project, annotatorId, vote, label);
  if (repeat) return repeat;
  const voted = await db.vote.count({ where: { imageId: vote.imageId, annotatorId } });
  if (voted === 0) {
    // No live lease (never served, or it expired): take one now by the assignment's own rule.
    const leased = await leaseFirst({
      projectId: project.id,
      annotatorId,
      candidates: [vote.imageId],
      targetVotes: project.targetVotes,
      leaseSeconds: VOTE_LEASE_SECONDS,
      wait: true,
    });
    const retried =
      leased.imageId === null ? null : await insertLeasedVote(project.id, annotatorId, vote, label);
    if (retried) return { vote: toVoteView(retried, project.labels), replayed: false };
  }
  // A concurrent retry of this same answer may have stored it meanwhile.
  const raced = await findByKey(annotatorId, vote.idempotencyKey);
  if (raced) return answerReplay(raced, vote, project);
  if (voted > 0) {
    throw new AppError("conflict", `you already voted on image ${vote.imageId}`, { field: "imageId" });
  }
  throw new AppError("conflict", `image ${vote.imageId} already has the votes it needs`, {
    field: "imageId",
  });
}

// A lease taken for a vote that arrived without one is released by that vote's own statement.
const VOTE_LEASE_SECONDS = 30;

/**
 * The one statement of the common case: the vote, if the annotator holds a live lease on the image
 * of the project and has not used the key or voted on it (ON CONFLICT), and the lease released.
 */
async function insertLeasedVote(
  projectId: number,
  annotatorId: string,
  vote: Pick<VoteInput, "imageId" | "durationMs" | "idempotencyKey">,
  label: number,
): Promise<VoteRow | undefined> {
  const inserted = await insertLeasedVoteRows({ projectId, annotatorId, label, vote });
  return inserted[0];
}

async function findByKey(annotatorId: string, idempotencyKey: string) {
  return db.vote.findUnique({
    where: { annotatorId_idempotencyKey: { annotatorId, idempotencyKey } },
    select: { id: true, imageId: true, projectId: true, label: true, durationMs: true, createdAt: true },
  });
}

function answerReplay(
  first: NonNullable<Awaited<ReturnType<typeof findByKey>>>,
  vote: { imageId: number; label: string },
  project: { id: number; labels: readonly string[] },
): { vote: VoteView; replayed: boolean } {
  const sameAnswer =
    first.projectId === project.id &&
    first.imageId === vote.imageId &&
    project.labels[first.label] === vote.label;
  if (!sameAnswer) {
    throw new AppError("conflict", "this idempotency key was already used for a different vote", {
      field: "idempotencyKey",
    });
  }
  const row = {
    id: first.id,
    image_id: first.imageId,
    label: first.label,
    duration_ms: first.durationMs,
    created_at: first.createdAt,
  };
  return { vote: toVoteView(row, project.labels), replayed: true };
}
