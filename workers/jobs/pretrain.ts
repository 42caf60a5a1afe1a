// `pretrain`: masked image modeling on a project's faces (lib/model-store/pretrain-run.ts). Progress is
// the encoder row's loss curve, saved as it runs. Retried on failure; a half-trained encoder is never published.
import { defineJob } from "../../lib/jobs/job";
import { PRETRAIN_JOB, PRETRAIN_QUEUE, pretrainPayloadSchema } from "../../lib/model-store/pretrain-schedule";
import { runPretraining } from "../../lib/model-store/pretrain-run";

export const pretrainJob = defineJob({
  name: PRETRAIN_JOB,
  schema: pretrainPayloadSchema,
  queue: PRETRAIN_QUEUE,
  async handle(payload, context) {
    const result = await runPretraining({
      projectId: payload.projectId,
      settings: payload.settings,
      jobId: context.id,
      signal: context.signal,
      log: context.log,
    });
    return { encoderId: result.encoderId, reused: result.reused, finalLoss: result.finalLoss };
  },
});
