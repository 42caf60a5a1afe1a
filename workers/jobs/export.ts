// `export`: one export_jobs row written as a zip under CHORUS_HOME/exports (lib/export/jobs.ts).
// Idempotent: a finished job is not redone, an interrupted one is rewritten from the start.
import { z } from "zod";
import { EXPORT_JOB, runExportJob } from "../../lib/export/jobs";
import { defineJob } from "../../lib/jobs/job";

export const exportJob = defineJob({
  name: EXPORT_JOB,
  schema: z.object({ jobId: z.number().int().positive() }),
  // Whole projects with their images can take minutes; a run still active after an hour is retried.
  queue: { retryLimit: 2, retryDelaySeconds: 10, expireInSeconds: 60 * 60 },
  async handle(payload, context) {
    const job = await runExportJob(payload.jobId, { signal: context.signal, log: context.log });
    return { jobId: job.id, status: job.status };
  },
});
