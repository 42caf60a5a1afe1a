// Every background job the worker runs, one file per job in workers/jobs/.
import type { JobDefinition } from "../lib/jobs/job";
import { exportJob } from "./jobs/export";
import { predictJob } from "./jobs/predict";
import { pretrainJob } from "./jobs/pretrain";
import { statsJob } from "./jobs/stats";
import { trainJob } from "./jobs/train";

export const jobs: JobDefinition[] = [trainJob, predictJob, statsJob, exportJob, pretrainJob];

/**
 * The jobs a worker serves: those named in CHORUS_WORKER_QUEUES, or all when it is unset. An
 * unknown name stops the worker at start with the valid names, rather than silently serving none.
 */
export function selectJobs(names: string[] | undefined): JobDefinition[] {
  if (!names) return jobs;
  const known = new Map(jobs.map((job) => [job.name, job]));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `CHORUS_WORKER_QUEUES: unknown queue ${unknown.join(", ") || "(none given)"}; ` +
        `valid: ${[...known.keys()].join(", ")}`,
    );
  }
  return [...new Set(names)].map((name) => known.get(name)!);
}
