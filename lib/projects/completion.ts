// The completion screen's data for one annotator: the code and return URL are released only once the
// annotator has done the work (the quota, or at least one answer when there is none), so they never
// sit in a page's source before the work is done.
import "server-only";
import { AppError } from "../errors";
import { countVotesBy } from "../votes/list-votes";
import { fillCompletionUrl } from "./annotator-guide";
import { parseProjectSettings } from "./settings";

export interface Completion {
  answered: number;
  quota: number;
  code: string | null;
  returnUrl: string | null;
}

/** The caller's completion; 409 while the quota is not reached (or before any answer). */
export async function loadCompletion(
  project: { id: number; settings: unknown },
  annotator: { id: string; workerId: string | null },
): Promise<Completion> {
  const settings = parseProjectSettings(project.settings);
  const answered = await countVotesBy(project.id, annotator.id);
  const quota = settings.tasksPerAnnotator;
  if (answered < Math.max(1, quota)) {
    throw new AppError("conflict", `answer ${Math.max(1, quota) - answered} more faces to finish`);
  }
  const code = settings.completionCode || null;
  const returnUrl = settings.completionUrl
    ? fillCompletionUrl(settings.completionUrl, { code: code ?? "", workerId: annotator.workerId })
    : null;
  return { answered, quota, code, returnUrl };
}
