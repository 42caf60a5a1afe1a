// Hidden repeats (issue 7), an interleaved assignment policy (registry.ts): now and then an
// annotator is shown again an image they voted on at least `repeatAfterTasks` votes ago, looking
// like any other task, to measure their self-agreement. The record is a quality_repeats row made
// when the repeat is served (label NULL: pending), so the vote route knows the second answer is
// expected; that answer completes the row and never touches `votes` (one vote per image and
// annotator: counts, exports and training read that table). Repeats hold no task lease, so they
// never count toward an image's target. The answers side (the hook lib/votes defines) is
// repeat-answers.ts.
import type { ProjectSettings } from "../../projects/settings";
import { answeredRepeatRows, serveRepeatRows } from "../sql/repeats";

/** A hidden repeat: the label given the first time and the label given when shown again. */
export interface RepeatPair {
  first: number;
  second: number;
}

/**
 * With probability `repeatRate`, serves the annotator an image of the project they voted on at
 * least `repeatAfterTasks` votes ago and were never shown again (random among them; gold images and
 * `exclude` left out). The insert is the guard: unique (annotator, image) means never twice, even
 * for concurrent requests. Returns the image and a nominal expiry (served + leaseSeconds), or null.
 */
export async function serveRepeatTask(input: {
  projectId: number;
  annotatorId: string;
  settings: ProjectSettings;
  exclude: number[];
  random?: () => number;
}): Promise<{ imageId: number; expiresAt: Date } | null> {
  const { projectId, annotatorId, settings, exclude } = input;
  if (settings.repeatRate <= 0 || (input.random ?? Math.random)() >= settings.repeatRate) return null;
  const rows = await serveRepeatRows({ projectId, annotatorId, exclude, ...settings });
  const row = rows[0];
  return row ? { imageId: row.image_id, expiresAt: row.expires_at } : null;
}

/** Answered repeats of the project per annotator: (first label, second label) pairs. */
export async function loadRepeatPairs(projectId: number): Promise<Map<string, RepeatPair[]>> {
  const rows = await answeredRepeatRows(projectId);
  const pairs = new Map<string, RepeatPair[]>();
  for (const row of rows) {
    const list = pairs.get(row.annotator_id) ?? [];
    list.push({ first: row.first_label, second: row.label });
    pairs.set(row.annotator_id, list);
  }
  return pairs;
}
