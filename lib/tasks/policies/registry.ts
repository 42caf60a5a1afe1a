// The assignment policies of a project, in one place. A task is handed out by, in this order:
// 1. the interleaved policies, each taking its share of tasks (gold images at `goldRate`, hidden
//    repeats at `repeatRate`), shown like any other task;
// 2. the project's selection policy (`settings.assignmentPolicy`): `fixed` (overlap to the target),
//    `settled` (retire settled distributions) or `active` (model-in-the-loop), which returns
//    candidates that lib/tasks/next-task.ts leases.
import type { ProjectSettings } from "../../projects/settings";
import type { InterleavedPolicy, SelectionContext, SelectionPolicy } from "./context";
import { fixedPolicy } from "./fixed";
import { leaseGoldTask } from "./gold";
import { serveRepeatTask } from "./repeats";
import { activePolicy, settledPolicy } from "./settled-active";

export type { InterleavedContext, InterleavedPolicy, SelectionContext, SelectionPolicy } from "./context";

export const SELECTION_POLICIES: Record<ProjectSettings["assignmentPolicy"], SelectionPolicy> = {
  fixed: fixedPolicy,
  settled: settledPolicy,
  active: activePolicy,
};

/** Asked in this order before the selection policy; the first that hands out an image wins. */
export const INTERLEAVED_POLICIES: readonly InterleavedPolicy[] = [leaseGoldTask, serveRepeatTask];

/** Candidate images for the annotator under the project's assignment policy (settings.assignmentPolicy). */
export function selectNextImage(context: SelectionContext): Promise<number[]> {
  return SELECTION_POLICIES[context.settings.assignmentPolicy](context);
}
