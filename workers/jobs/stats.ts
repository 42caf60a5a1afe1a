// `stats`: recomputes a project's cached statistics (bootstrap intervals, Dawid-Skene, annotator
// profiles, model panels) after votes arrive. Idempotent: every result is an upsert.
import { defineJob } from "../../lib/jobs/job";
import { refreshProjectStats } from "../../lib/analytics/refresh";
import { STATS_JOB, STATS_QUEUE, statsPayloadSchema } from "../../lib/analytics/schedule";

export const statsJob = defineJob({
  name: STATS_JOB,
  schema: statsPayloadSchema,
  queue: STATS_QUEUE,
  async handle(payload, context) {
    const result = await refreshProjectStats(payload.projectId, { signal: context.signal, log: context.log });
    context.log(
      `project ${result.projectId}: statistics at ${result.votes} votes in ${result.durationMs} ms`,
    );
    return result;
  },
});
