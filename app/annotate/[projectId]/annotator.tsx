"use client";
// The annotation screen: one face, large and crisp, label buttons with their keys, skip and
// undo. The next face is always being fetched (and its image decoded) while this one is answered.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { labelShortcuts, labelText } from "@/lib/votes/shortcuts";
import { AnnotationControls } from "./annotation-controls";
import { CompletionScreen } from "./completion-screen";
import { Instructions, type AnnotatorGuide } from "./instructions";
import {
  decoded,
  fetchNextTask,
  reportSkip,
  undoLastVote,
  type Fetched,
  type Task,
} from "./annotation-requests";
import { useAnnotationKeys } from "./use-annotation-keys";
import { VoteQueue, type NextFromVote, type PendingVote, type QueueProblem } from "./vote-queue";

export function Annotator(props: {
  projectId: number;
  projectName: string;
  labels: string[];
  initialVotes: number;
  guide: AnnotatorGuide;
}) {
  const { projectId, labels } = props;
  const shortcuts = useMemo(() => labelShortcuts(labels), [labels]);
  const [current, setCurrent] = useState<Task | null>(null);
  const [finished, setFinished] = useState(false);
  const [myVotes, setMyVotes] = useState(props.initialVotes);
  const [pending, setPending] = useState<PendingVote[]>([]);
  const [queueProblem, setQueueProblem] = useState<QueueProblem>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const currentRef = useRef<Task | null>(null);
  const upcoming = useRef<Promise<Fetched> | null>(null);
  const queue = useRef<VoteQueue | null>(null);
  const skipped = useRef<number[]>([]);
  const shownAt = useRef(0);
  const busy = useRef(false);
  const answeredThisSession = useRef(0);
  const { quota } = props.guide;
  const hasGuide = props.guide.instructions.trim() !== "" || props.guide.examples.length > 0;
  const [showGuide, setShowGuide] = useState(hasGuide && props.initialVotes === 0);
  // With a quota, the work ends at the quota-th answer (a ref, so the key handler sees it at once).
  const quotaReached = useRef(quota > 0 && props.initialVotes >= quota);

  const show = useCallback((task: Task | null) => {
    currentRef.current = task;
    setCurrent(task);
    setFinished(task === null);
  }, []);

  /** Asks for a task that is neither on screen, nor answered and unsent, nor skipped. */
  const fetchTask = useCallback(async (): Promise<Fetched> => {
    const exclude = [
      currentRef.current?.imageId,
      ...(queue.current?.imageIds() ?? []),
      ...skipped.current.slice(-100),
    ];
    return fetchNextTask(
      projectId,
      exclude.filter((id): id is number => typeof id === "number"),
    );
  }, [projectId]);

  /**
   * Shows the prefetched face (waiting for it if it is still on its way) and prefetches the one
   * after: from the vote's answer when it carried one (`following`), else with GET tasks/next.
   */
  const advance = useCallback(
    async (following?: Promise<NextFromVote | null>) => {
      const fetched = await (upcoming.current ?? fetchTask());
      if ("error" in fetched) {
        setNotice(fetched.error);
        upcoming.current = null;
        show(null);
        setFinished(false);
        return;
      }
      setNotice(null);
      show(fetched.task);
      if (!fetched.task) upcoming.current = null;
      else if (following) upcoming.current = following.then((next) => (next ? decoded(next) : fetchTask()));
      else upcoming.current = fetchTask();
    },
    [fetchTask, show],
  );

  useEffect(() => {
    queue.current = new VoteQueue(projectId, (state) => {
      setPending(state.pending);
      setQueueProblem(state.problem);
    });
    void queue.current.flush();
    upcoming.current = fetchTask();
    void advance();
  }, [projectId, fetchTask, advance]);

  const answer = useCallback(
    async (label: string) => {
      const task = currentRef.current;
      if (!task || busy.current || quotaReached.current) return;
      busy.current = true;
      try {
        const durationMs = Math.max(0, Math.round(performance.now() - shownAt.current));
        // The vote asks for the face after the prefetched one, which it must therefore exclude.
        const prefetched = await (upcoming.current ?? fetchTask());
        upcoming.current = Promise.resolve(prefetched);
        const shownNext = "task" in prefetched ? prefetched.task?.imageId : undefined;
        const following = queue.current?.push(
          { imageId: task.imageId, label, durationMs, idempotencyKey: crypto.randomUUID() },
          shownNext === undefined ? undefined : [shownNext, ...skipped.current.slice(-100)],
        );
        answeredThisSession.current++;
        if (quota > 0 && props.initialVotes + answeredThisSession.current >= quota)
          quotaReached.current = true;
        setMyVotes((n) => n + 1);
        await advance(following);
      } finally {
        busy.current = false;
      }
    },
    [advance, fetchTask, quota, props.initialVotes],
  );

  const skip = useCallback(async () => {
    const task = currentRef.current;
    if (!task || busy.current) return;
    busy.current = true;
    try {
      skipped.current.push(task.imageId);
      reportSkip(projectId, task.imageId);
      await advance();
    } finally {
      busy.current = false;
    }
  }, [advance, projectId]);

  const undo = useCallback(async () => {
    if (busy.current || answeredThisSession.current === 0) return;
    busy.current = true;
    try {
      setNotice("Undoing…");
      await queue.current?.drained();
      const undone = await undoLastVote(projectId);
      if ("error" in undone) return setNotice(undone.error);
      answeredThisSession.current--;
      quotaReached.current = quota > 0 && props.initialVotes + answeredThisSession.current >= quota;
      setMyVotes((n) => n - 1);
      // The face on screen stays leased to us: it comes back right after the undone one is answered again.
      const onScreen = currentRef.current;
      upcoming.current = onScreen ? Promise.resolve({ task: onScreen }) : null;
      // Say which answer was removed, so a slip is easy to confirm.
      setNotice(
        undone.removedLabel
          ? `Removed your answer “${labelText(undone.removedLabel)}”: answer this face again.`
          : "Undone: answer this face again.",
      );
      show(undone.task);
    } finally {
      busy.current = false;
    }
  }, [projectId, show, quota, props.initialVotes]);

  const retry = useCallback(() => {
    setNotice(null);
    upcoming.current = null;
    void advance();
    void queue.current?.flush();
  }, [advance]);

  useAnnotationKeys(shortcuts, { answer, skip, undo, retry });

  const alert = queueProblem?.message ?? notice;
  const done = quota > 0 && myVotes >= quota;
  if (showGuide) return <Instructions guide={props.guide} onStart={() => setShowGuide(false)} />;
  return (
    <section className="annotate">
      <header className="annotate-head">
        <h1>{props.projectName}</h1>
        <p className="annotate-count" aria-live="polite">
          {quota > 0 ? "Progress: " : "Your answers: "}
          <strong data-testid="vote-count">{myVotes}</strong>
          {quota > 0 ? <span data-testid="vote-quota"> of {quota}</span> : null}
          {pending.length > 0 ? <span className="muted"> ({pending.length} sending…)</span> : null}
        </p>
      </header>
      <figure className="annotate-face">
        {/* Laid over the top of the face, so a message never pushes the buttons under the pointer. */}
        <p
          role="alert"
          className={alert ? (queueProblem ? "annotate-alert" : "annotate-notice") : "annotate-quiet"}
        >
          {alert ?? ""}
        </p>
        {done || finished ? (
          // Answers still in the queue must reach the server before it releases the completion code.
          <CompletionScreen
            projectId={projectId}
            whenSent={() => queue.current?.drained() ?? Promise.resolve()}
            onCheckAgain={done ? undefined : retry}
          />
        ) : current ? (
          // eslint-disable-next-line @next/next/no-img-element -- 48x48 sources scaled with crisp pixels, no optimiser wanted
          <img
            key={current.imageId}
            className="face"
            src={current.imageUrl}
            alt="Face to label"
            width={336}
            height={336}
            data-image-id={current.imageId}
            onLoad={() => (shownAt.current = performance.now())}
          />
        ) : (
          <div className="annotate-empty">Loading…</div>
        )}
        {done || finished ? null : (
          <figcaption className="muted">Which emotion does this face show?</figcaption>
        )}
      </figure>
      <AnnotationControls
        shortcuts={shortcuts}
        canAnswer={!!current && !done}
        over={done || finished}
        onAnswer={answer}
        onSkip={skip}
        onUndo={undo}
        onInstructions={hasGuide ? () => setShowGuide(true) : undefined}
      />
    </section>
  );
}
