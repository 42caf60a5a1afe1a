// Every background job the worker runs, one file per job in workers/jobs/.
import type { JobDefinition } from "../lib/jobs/job";

export const jobs: JobDefinition[] = [];
