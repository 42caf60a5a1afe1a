// Every background job the worker runs, one file per job in workers/jobs/.
import type { JobDefinition } from "../lib/jobs/job";
import { exportJob } from "./jobs/export";
import { predictJob } from "./jobs/predict";
import { statsJob } from "./jobs/stats";
import { trainJob } from "./jobs/train";

export const jobs: JobDefinition[] = [trainJob, predictJob, statsJob, exportJob];
