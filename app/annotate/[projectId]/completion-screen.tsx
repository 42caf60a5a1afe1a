"use client";
// The end of the work: thanks, the completion code (to copy) and the return link to the crowd
// platform, fetched from the server only now that the work is done. Without a quota this screen also
// follows "no faces left", with a way to check for new faces.
import { useEffect, useRef, useState } from "react";

interface Completion {
  answered: number;
  quota: number;
  code: string | null;
  returnUrl: string | null;
}

export function CompletionScreen({
  projectId,
  whenSent,
  onCheckAgain,
}: {
  projectId: number;
  /** Resolves once the answers still queued in the browser have reached the server. */
  whenSent: () => Promise<unknown>;
  onCheckAgain?: () => void;
}) {
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Read once on mount: a new function each render of the parent must not refetch.
  const sent = useRef(whenSent);
  useEffect(() => {
    void sent
      .current()
      .then(() => fetch(`/api/projects/${projectId}/completion`, { cache: "no-store" }))
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as
          (Completion & { error?: { message: string } }) | null;
        if (response.ok && body) setCompletion(body);
        else setProblem(body?.error?.message ?? `could not load the completion (${response.status})`);
      })
      .catch(() => setProblem("No connection: could not load the completion code."));
  }, [projectId]);
  return (
    <section className="card annotate-complete" aria-label="completion">
      <h2>{completion ? "All done, thank you!" : "No faces left for you right now"}</h2>
      {completion ? <p>You answered {completion.answered} faces.</p> : null}
      {completion?.code ? (
        <p>
          Your completion code: <code data-testid="completion-code">{completion.code}</code>
        </p>
      ) : null}
      {completion?.returnUrl ? (
        <p>
          <a className="button-primary" href={completion.returnUrl} data-testid="return-link">
            Return to the study platform
          </a>
        </p>
      ) : null}
      {problem ? <p className="muted">{problem}</p> : null}
      {onCheckAgain ? (
        <button type="button" onClick={onCheckAgain}>
          Check for new faces
        </button>
      ) : null}
    </section>
  );
}
