// /join/{token}?workerId=... - an invite link: shows the project and joins it as an annotator.
import type { Metadata } from "next";
import { findLiveInvite } from "@/lib/auth/invites";
import { AppError } from "@/lib/errors";
import { JoinButton } from "./join-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Join - Chorus" };

export default async function JoinPage(props: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await props.params;
  const query = await props.searchParams;
  // Crowd platforms differ in the parameter's name; all of these carry the worker id.
  const raw = query.workerId ?? query.worker_id ?? query.PROLIFIC_PID ?? query.workerID;
  const workerId = typeof raw === "string" && raw.trim() ? raw.trim() : undefined;
  let projectName: string;
  try {
    projectName = (await findLiveInvite(token)).project.name;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <section className="card narrow">
        <h1>Invite link not valid</h1>
        <p role="alert">{error.message}</p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>Label faces for “{projectName}”</h1>
      <p>
        You will see faces one at a time and choose the emotion each one shows. Use the keys shown on the
        buttons, or tap them. There are no right answers: say what you see.
      </p>
      {workerId ? <p className="muted">Worker id: {workerId}</p> : null}
      <JoinButton token={token} workerId={workerId} />
    </section>
  );
}
