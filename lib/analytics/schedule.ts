// Scheduling the background refresh of the cached statistics (workers/jobs/stats.ts runs it).
import { z } from "zod";
import type { JobQueueOptions } from "../jobs/job";

export const STATS_JOB = "stats";

export const statsPayloadSchema = z.object({ projectId: z.number().int().positive() });

/** One queued refresh per project at a time ("short" policy + singletonKey); a run may take minutes at FER+ scale. */
export const STATS_QUEUE: JobQueueOptions = { policy: "short", retryLimit: 2, expireInSeconds: 30 * 60 };

/**
 * Asks the worker to recompute the project's cached statistics. Never throws: a page that notices
 * stale statistics still renders when the queue is unavailable; it says so in the returned value.
 */
export async function scheduleStatsRefresh(
  projectId: number,
): Promise<"queued" | "already queued" | "unavailable"> {
  try {
    const { enqueue } = await import("../jobs/queue");
    const id = await enqueue(
      STATS_JOB,
      { projectId },
      { singletonKey: `stats:${projectId}`, queue: STATS_QUEUE },
    );
    return id ? "queued" : "already queued";
  } catch (error) {
    console.error(`[stats] could not queue a refresh of project ${projectId}: ${(error as Error).message}`);
    return "unavailable";
  }
}
