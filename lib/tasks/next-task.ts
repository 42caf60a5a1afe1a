// GET /api/projects/{id}/tasks/next: the annotator's next image, leased to them.
import { AppError } from "../errors";
import { getProject, type Project } from "../projects/projects";
import { parseProjectSettings } from "../projects/settings";
import { leaseFirst, purgeExpiredLeases, renewHeldLease } from "./leases";
import { shuffleInPlace } from "../random";
import { INTERLEAVED_POLICIES, selectNextImage } from "./policies/registry";

export interface Task {
  imageId: number;
  imageUrl: string;
  leaseExpiresAt: Date;
}

const CANDIDATES = 8;
const MAX_ROUNDS = 20;

/** The URL the browser loads an image's bytes from (access-checked, cached). */
export function imageUrl(imageId: number): string {
  return `/api/images/${imageId}/file`;
}

/**
 * The next task for the annotator, or null when no image is left for them right now (all at the
 * target, voted on by them, or leased to others). An image they already hold and that is not in
 * `exclude` (the ones the page has on screen or prefetched) comes back first, so a reload resumes.
 */
export async function nextTask(input: {
  projectId: number;
  annotatorId: string;
  exclude?: number[];
  /** The project row when the caller already has it (route handlers do, from the access check). */
  project?: Pick<Project, "id" | "targetVotes" | "settings">;
}): Promise<Task | null> {
  const { projectId, annotatorId } = input;
  const exclude = [...new Set(input.exclude ?? [])];
  const project = input.project ?? (await getProject(projectId));
  const settings = parseProjectSettings(project.settings);
  const lease = {
    projectId,
    annotatorId,
    targetVotes: project.targetVotes,
    leaseSeconds: settings.leaseSeconds,
  };

  const held = await renewHeldLease({ projectId, annotatorId, exclude, leaseSeconds: settings.leaseSeconds });
  if (held)
    return { imageId: held.imageId, imageUrl: imageUrl(held.imageId), leaseExpiresAt: held.expiresAt };
  // Expired leases are ignored by every query; purging now and then only keeps the table small.
  if (Math.random() < 0.02) await purgeExpiredLeases(projectId);

  // Interleaved policies (policies/registry.ts), in order: a goldRate share of tasks are gold images,
  // a repeatRate share show an image again to measure self-agreement (no lease, so repeats never
  // count toward targets). Same response shape as any task.
  for (const policy of INTERLEAVED_POLICIES) {
    const task = await policy({ projectId, annotatorId, settings, exclude });
    if (task)
      return { imageId: task.imageId, imageUrl: imageUrl(task.imageId), leaseExpiresAt: task.expiresAt };
  }

  let wait = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const candidates = await selectNextImage({
      projectId,
      annotatorId,
      targetVotes: project.targetVotes,
      settings,
      exclude,
      limit: CANDIDATES,
    });
    if (candidates.length === 0) return null;
    const leased = await leaseFirst({
      ...lease,
      candidates: shuffleInPlace([...candidates], Math.random),
      wait,
    });
    if (leased.imageId !== null && leased.expiresAt) {
      return {
        imageId: leased.imageId,
        imageUrl: imageUrl(leased.imageId),
        leaseExpiresAt: leased.expiresAt,
      };
    }
    // Every candidate was held by someone else: next round, wait for the first one instead of skipping it.
    wait = leased.skipped > 0;
  }
  throw new AppError("conflict", "too many annotators are competing for the same images; try again");
}
