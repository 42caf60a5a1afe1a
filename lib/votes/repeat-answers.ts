// The hook through which hidden repeats (an assignment policy of lib/tasks) take part in recording
// and undoing votes. Votes defines it and knows nothing of how repeats are stored; the caller passes
// the implementation (lib/tasks/policies/repeat-answers.ts), so lib/votes never imports lib/tasks' policies.
import type { VoteInput, VoteView } from "./schemas";

/** The project as the hook needs it: id and label order (answers carry label names). */
export interface RepeatProject {
  id: number;
  labels: readonly string[];
}

/** Second answers to images an annotator was served again: stored apart from `votes`. */
export interface RepeatAnswers {
  /**
   * Answers a repeat by its idempotency key when the key was used for one: the same answer is a
   * replay, another answer a 409 naming `idempotencyKey`. Null when the key is new.
   */
  replay(
    project: RepeatProject,
    annotatorId: string,
    vote: VoteInput,
  ): Promise<{ vote: VoteView; replayed: true } | null>;
  /** Stores the answer to a pending repeat of the image; null when none is pending for the annotator. */
  answerPending(
    project: RepeatProject,
    annotatorId: string,
    vote: VoteInput,
    label: number,
  ): Promise<{ vote: VoteView; replayed: boolean } | null>;
  /**
   * Takes back the annotator's latest repeat answer when it is newer than their latest vote
   * (`lastVoteAt`) and within `windowSeconds`; null when the latest answer is a vote, 409 when too old.
   */
  undoLast(input: {
    project: RepeatProject;
    annotatorId: string;
    lastVoteAt: Date | null;
    windowSeconds: number;
    leaseSeconds: number;
  }): Promise<{ vote: VoteView; imageId: number; expiresAt: Date } | null>;
}
