// Scheduling pretraining: the `pretrain` queue, its payload and the researcher's request from the Models
// page. Light on purpose (no tfjs): the web server imports it.
import { z } from "zod";
import type { JobQueueOptions } from "../jobs/job";
import { enqueue } from "../jobs/queue";
import { pretrainSettingsSchema } from "../model/pretrain-settings";

export const PRETRAIN_JOB = "pretrain";

/** One queued pretraining per project: a second click while one waits collapses into it. */
export const PRETRAIN_QUEUE: JobQueueOptions = {
  policy: "short",
  retryLimit: 2,
  retryDelaySeconds: 10,
  expireInSeconds: 6 * 3600,
};

export const pretrainPayloadSchema = z.object({
  projectId: z.number().int().positive(),
  // Defaults filled in, so a stored payload says exactly what will run; bad settings fail for good.
  settings: pretrainSettingsSchema.prefault({}),
});
export type PretrainPayload = z.input<typeof pretrainPayloadSchema>;

/** Queues a pretraining; null when one is already queued for the project. */
export function enqueuePretraining(payload: PretrainPayload): Promise<string | null> {
  const parsed = pretrainPayloadSchema.parse(payload);
  return enqueue(PRETRAIN_JOB, parsed, {
    singletonKey: `pretrain:${parsed.projectId}`,
    queue: PRETRAIN_QUEUE,
  });
}
