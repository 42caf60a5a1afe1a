// Scheduling model work: the `train` and `predict` queues, their payloads, the researcher's retrain
// request and the automatic retrain after N new votes. Light on purpose (no tfjs): the web server
// and the vote path import it.
import { createHash } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import type { JobQueueOptions } from "../jobs/job";
import { enqueue } from "../jobs/queue";
import { trainSettingsSchema } from "../model/settings";
import { projectTotals } from "../projects/queries";
import { parseProjectSettings } from "../projects/settings";
import { initFieldSchema } from "./encoder-start";
import { latestPublishedModel } from "./versions";

export const TRAIN_JOB = "train";
export const PREDICT_JOB = "predict";

/**
 * `short`: at most one queued train job per singletonKey, so repeated triggers while a retrain
 * waits collapse into it. Training can take hours on a CPU, so a run may stay active up to 6 h
 * before pg-boss counts it as lost (kill -9) and retries it.
 */
export const TRAIN_QUEUE: JobQueueOptions = {
  policy: "short",
  retryLimit: 3,
  retryDelaySeconds: 10,
  expireInSeconds: 6 * 3600,
};
export const PREDICT_QUEUE: JobQueueOptions = { retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 3600 };

export const trainPayloadSchema = z.object({
  projectId: z.number().int().positive(),
  // Defaults filled in, so a stored payload says exactly what will run; bad settings fail for good.
  settings: trainSettingsSchema.prefault({}),
  reason: z.enum(["manual", "auto"]).default("manual"),
  /** Start from the newest published model of the same architecture and classes (training-run.ts). */
  warmStart: z.boolean().default(false),
  /** Whether to start from the newest pretrained encoder (encoder-start.ts). */
  init: initFieldSchema,
});
export type TrainPayload = z.input<typeof trainPayloadSchema>;

export const predictPayloadSchema = z.object({ modelId: z.number().int().positive() });

/**
 * Queues a training run; null when an identical request is already queued. On the "short" train
 * queue every job needs a key (keyless jobs would all share one), so by default the key is the
 * request itself: a double-clicked Retrain queues once, a different paradigm queues separately.
 */
export function enqueueTraining(payload: TrainPayload, singletonKey?: string): Promise<string | null> {
  const parsed = trainPayloadSchema.parse(payload);
  // The start is part of the request: the same settings from scratch and from an encoder are two runs.
  const key =
    singletonKey ?? `manual:${parsed.projectId}:${settingsHash({ ...parsed.settings, init: parsed.init })}`;
  return enqueue(TRAIN_JOB, parsed, { singletonKey: key, queue: TRAIN_QUEUE });
}

/** A short stable hash of settings (keys sorted), for singleton keys. */
function settingsHash(settings: object): string {
  const entries = Object.entries(settings).sort(([a], [b]) => a.localeCompare(b));
  const canonical = JSON.stringify(entries);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/** Queues predictions of a published model for all its project's images. */
export function enqueuePredictions(modelId: number): Promise<string | null> {
  return enqueue(PREDICT_JOB, { modelId }, { queue: PREDICT_QUEUE });
}

export interface RetrainCheck {
  scheduled: boolean;
  /** The job id, null when a retrain was already queued (singletonKey), absent when not due. */
  jobId?: string | null;
  newVotes: number;
  threshold: number;
}

/**
 * Cheap check for the vote path: when the project's setting `retrainEveryVotes` is > 0 and that many
 * votes arrived since the newest model run (training or published), queue one automatic retrain with
 * the newest published model's settings. Repeated calls while it waits are collapsed by its
 * singletonKey `retrain:<projectId>`. Automatic retrains start warm (from the newest published model of
 * the same size and classes) unless the project's `retrainWarmStart` is off, and run for the project's
 * `retrainMinutes` when set.
 */
export async function maybeScheduleRetrain(projectId: number): Promise<RetrainCheck> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { settings: true } });
  const projectSettings = parseProjectSettings(project?.settings);
  const threshold = project ? projectSettings.retrainEveryVotes : 0;
  if (!threshold) return { scheduled: false, newVotes: 0, threshold };
  const [votes, last] = await Promise.all([
    projectTotals(projectId).then((totals) => totals.votes),
    db.modelVersion.findFirst({
      where: { projectId, status: { in: ["training", "published"] } },
      orderBy: { id: "desc" },
      select: { voteCount: true },
    }),
  ]);
  const newVotes = votes - (last?.voteCount ?? 0);
  if (newVotes < threshold) return { scheduled: false, newVotes, threshold };
  const published = await latestPublishedModel(projectId);
  // A model stored by an older schema may not parse any more: fall back to the defaults.
  const previous = trainSettingsSchema.safeParse(published?.settings ?? {});
  const settings = previous.success ? previous.data : trainSettingsSchema.parse({});
  // The project's time budget replaces whatever length the previous run had (retrainMinutes 0: keep it).
  const { retrainMinutes, retrainWarmStart } = projectSettings;
  if (retrainMinutes > 0) settings.minutes = retrainMinutes;
  const jobId = await enqueueTraining(
    { projectId, settings, reason: "auto", warmStart: retrainWarmStart },
    `retrain:${projectId}`,
  );
  return { scheduled: true, jobId, newVotes, threshold };
}
