"use client";
// The annotation screen: one face, large and crisp, label buttons with their keys, skip and
// undo. The next face is always being fetched (and its image decoded) while this one is answered.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { labelShortcuts, labelText } from "@/lib/votes/shortcuts";
import { CompletionScreen } from "./completion-screen";
import { Instructions, type AnnotatorGuide } from "./instructions";
import { VoteQueue, type NextFromVote, type PendingVote, type QueueProblem } from "./vote-queue";

interface Task {
  imageId: number;
  imageUrl: string;
}

type Fetched = { task: Task | null } | { error: string };

/** The task once its image is decoded, so that showing it is instant. */
async function decoded(body: { task: Task | null }): Promise<Fetched> {
  if (body.task) {
    const image = new Image();
    image.src = body.task.imageUrl;
    await image.decode().catch(() => undefined);
  }
  return { task: body.task };
}

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
    const ids = exclude.filter((id): id is number => typeof id === "number");
    try {
      const response = await fetch(
        `/api/projects/${projectId}/tasks/next${ids.length ? `?exclude=${ids.join(",")}` : ""}`,
        {
          cache: "no-store",
        },
      );
      if (response.status === 401) return { error: "Your session has expired: open your invite link again." };
      if (!response.ok)
        return { error: `Could not load the next face (${response.status}). Press R to retry.` };
      return await decoded((await response.json()) as { task: Task | null });
    } catch {
      return { error: "No connection: could not load the next face. Press R to retry." };
    }
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
      void fetch(`/api/projects/${projectId}/tasks/${task.imageId}/skip`, { method: "POST" }).catch(
        () => undefined,
      );
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
      const response = await fetch(`/api/projects/${projectId}/votes/last`, { method: "DELETE" }).catch(
        () => null,
      );
      if (!response) return setNotice("No connection: could not undo.");
      const body = (await response.json().catch(() => null)) as {
        task?: Task;
        vote?: { label: string };
        error?: { message: string };
      } | null;
      if (!response.ok || !body?.task) return setNotice(body?.error?.message ?? "Could not undo.");
      answeredThisSession.current--;
      quotaReached.current = quota > 0 && props.initialVotes + answeredThisSession.current >= quota;
      setMyVotes((n) => n - 1);
      // The face on screen stays leased to us: it comes back right after the undone one is answered again.
      const onScreen = currentRef.current;
      upcoming.current = onScreen ? Promise.resolve({ task: onScreen }) : null;
      // Say which answer was removed, so a slip is easy to confirm.
      setNotice(
        body.vote
          ? `Removed your answer “${labelText(body.vote.label)}”: answer this face again.`
          : "Undone: answer this face again.",
      );
      show(body.task);
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

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      const key = event.key.toLowerCase();
      const match = shortcuts.find((shortcut) => shortcut.key === key);
      if (match) {
        event.preventDefault();
        void answer(match.label);
      } else if (key === "s") {
        void skip();
      } else if (key === "z" || key === "backspace") {
        event.preventDefault();
        void undo();
      } else if (key === "r") {
        retry();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts, answer, skip, undo, retry]);

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
      <div className="annotate-labels" role="group" aria-label="Labels" hidden={done || finished}>
        {shortcuts.map(({ label, key }) => (
          <button
            key={label}
            type="button"
            disabled={!current || done}
            onClick={() => void answer(label)}
            data-label={label}
          >
            {key ? <kbd>{key.toUpperCase()}</kbd> : null}
            <span>{labelText(label)}</span>
          </button>
        ))}
      </div>
      <div className="annotate-actions">
        {hasGuide ? (
          <button type="button" onClick={() => setShowGuide(true)}>
            Instructions
          </button>
        ) : null}
        <button type="button" disabled={!current || done} onClick={() => void skip()}>
          <kbd>S</kbd> Skip
        </button>
        <button type="button" onClick={() => void undo()}>
          <kbd>Z</kbd> Undo last
        </button>
      </div>
      <p className="muted annotate-help">
        Keys: the key shown on each label answers; S skips a face; Z or Backspace undoes your last answer
        (within 10 seconds).
      </p>
    </section>
  );
}
