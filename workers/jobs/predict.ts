// `predict`: a published model's distribution for every image of its project, written back in
// batches. Idempotent (upserts), so retries and reruns are safe.
import { defineJob } from "../../lib/jobs/job";
import { runPredictions } from "../../lib/model-store/prediction-run";
import { PREDICT_JOB, PREDICT_QUEUE, predictPayloadSchema } from "../../lib/model-store/schedule";

export const predictJob = defineJob({
  name: PREDICT_JOB,
  schema: predictPayloadSchema,
  queue: PREDICT_QUEUE,
  async handle(payload, context) {
    const result = await runPredictions(payload.modelId, { signal: context.signal, log: context.log });
    context.log(`wrote ${result.images} predictions in ${result.durationMs} ms`);
    return result;
  },
});
