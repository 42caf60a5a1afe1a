// `train`: one training run on a project's votes (lib/model-store/training-run.ts); on publish it
// queues `predict` for the new model. Retried on failure; a half-trained model is never published.
import { defineJob } from "../../lib/jobs/job";
import {
  enqueuePredictions,
  TRAIN_JOB,
  TRAIN_QUEUE,
  trainPayloadSchema,
} from "../../lib/model-store/schedule";
import { runTraining } from "../../lib/model-store/training-run";

export const trainJob = defineJob({
  name: TRAIN_JOB,
  schema: trainPayloadSchema,
  queue: TRAIN_QUEUE,
  async handle(payload, context) {
    const result = await runTraining({
      projectId: payload.projectId,
      settings: payload.settings,
      jobId: context.id,
      signal: context.signal,
      log: context.log,
      warmStart: payload.warmStart,
      init: payload.init,
    });
    // Queued even when reused: the earlier attempt may have died before queuing it (predict is idempotent).
    const predictJobId = await enqueuePredictions(result.modelId);
    return { modelId: result.modelId, reused: result.reused, accuracy: result.valid?.accuracy, predictJobId };
  },
});
