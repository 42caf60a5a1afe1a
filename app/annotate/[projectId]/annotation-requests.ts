// The annotation screen's requests beyond votes (vote-queue.ts): the next face (its image decoded
// before the task is handed over, so that showing it is instant), a skip, and undoing the last answer.
// Failures come back as messages for the annotator, never as exceptions.

export interface Task {
  imageId: number;
  imageUrl: string;
}

export type Fetched = { task: Task | null } | { error: string };

/** The task once its image is decoded. */
export async function decoded(body: { task: Task | null }): Promise<Fetched> {
  if (body.task) {
    const image = new Image();
    image.src = body.task.imageUrl;
    await image.decode().catch(() => undefined);
  }
  return { task: body.task };
}

/** Asks for a face not in `exclude`; a failure comes back as a message for the annotator. */
export async function fetchNextTask(projectId: number, exclude: number[]): Promise<Fetched> {
  try {
    const response = await fetch(
      `/api/projects/${projectId}/tasks/next${exclude.length ? `?exclude=${exclude.join(",")}` : ""}`,
      { cache: "no-store" },
    );
    if (response.status === 401) return { error: "Your session has expired: open your invite link again." };
    if (!response.ok)
      return { error: `Could not load the next face (${response.status}). Press R to retry.` };
    return await decoded((await response.json()) as { task: Task | null });
  } catch {
    return { error: "No connection: could not load the next face. Press R to retry." };
  }
}

/** Tells the server this face was skipped; best effort (the face is left out locally either way). */
export function reportSkip(projectId: number, imageId: number): void {
  void fetch(`/api/projects/${projectId}/tasks/${imageId}/skip`, { method: "POST" }).catch(() => undefined);
}

/** DELETE votes/last: the face to answer again and the label removed, or a message. */
export async function undoLastVote(
  projectId: number,
): Promise<{ task: Task; removedLabel?: string } | { error: string }> {
  const response = await fetch(`/api/projects/${projectId}/votes/last`, { method: "DELETE" }).catch(
    () => null,
  );
  if (!response) return { error: "No connection: could not undo." };
  const body = (await response.json().catch(() => null)) as {
    task?: Task;
    vote?: { label: string };
    error?: { message: string };
  } | null;
  if (!response.ok || !body?.task) return { error: body?.error?.message ?? "Could not undo." };
  return { task: body.task, removedLabel: body.vote?.label };
}
