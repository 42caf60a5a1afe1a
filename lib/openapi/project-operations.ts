// The operations of a project's work, under /api/projects/{id}/...: completion, export, gold, image
// uploads, invites, models and encoders, settings, splits, tasks and votes, each with the zod schemas
// its handler parses. lib/openapi/operations.ts adds the rest (meta, admin, projects, tokens).
import { z } from "zod";
import { createInviteRequestSchema } from "../auth/invites";
import { exportFiltersSchema, exportFormatSchema, exportRequestSchema } from "../export/options";
import { pretrainSettingsSchema } from "../model/pretrain-settings";
import { retrainRequestSchema } from "../model-store/encoder-start";
import { projectSettingsPatchSchema } from "../projects/update-settings";
import { goldRequestSchema } from "../tasks/policies/gold";
import { nextTaskQuerySchema } from "../tasks/task-query";
import { listVotesQuerySchema } from "../votes/list-votes";
import { resplitRequestSchema } from "../splits/store";
import { voteInputSchema } from "../votes/schemas";
import { json, type Operation } from "./operation";

const filters = exportFiltersSchema.shape;

/** GET /api/projects/{id}/export's query, from the export schemas the route parses it with. */
const exportQuerySchema = z.object({
  format: exportFormatSchema,
  zip: z.enum(["0", "1", "true", "false"]).optional().describe("1: a zip with images and README.md"),
  split: z.string().optional().describe("comma-separated splits: train,valid,test"),
  majority: filters.majority,
  minVotes: filters.minVotes,
  entropyMin: filters.entropyMin,
  entropyMax: filters.entropyMax,
  license: exportRequestSchema.shape.license,
  provenance: exportRequestSchema.shape.provenance,
});

export const PROJECT_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/projects/{id}/completion",
    summary: "The caller's completion code and return URL, once the work is done",
    tag: "annotation",
    access: "annotator",
    success: json(200, "{ answered, quota, code, returnUrl }"),
    errors: [409],
  },
  {
    method: "get",
    path: "/api/projects/{id}/export",
    summary: "Stream an export (data file, or a zip with images and the dataset card)",
    tag: "export",
    access: "researcher",
    query: exportQuerySchema,
    success: { status: 200, description: "the export", contentType: "application/octet-stream" },
  },
  {
    method: "get",
    path: "/api/projects/{id}/export/jobs",
    summary: "Recent export jobs",
    tag: "export",
    access: "researcher",
    success: json(200, "{ jobs }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/export/jobs",
    summary: "Queue a background export",
    tag: "export",
    access: "researcher",
    body: exportRequestSchema,
    success: json(202, "{ job }"),
  },
  {
    method: "get",
    path: "/api/projects/{id}/export/jobs/{jobId}",
    summary: "An export job's status and progress",
    tag: "export",
    access: "researcher",
    success: json(200, "{ job }"),
  },
  {
    method: "get",
    path: "/api/projects/{id}/export/jobs/{jobId}/download",
    summary: "A finished export's zip",
    tag: "export",
    access: "researcher",
    success: { status: 200, description: "the zip", contentType: "application/zip" },
    errors: [409, 410],
  },
  {
    method: "put",
    path: "/api/projects/{id}/images/{imageId}/gold",
    summary: "Mark an image as gold (or unmark it)",
    tag: "quality",
    access: "researcher",
    body: goldRequestSchema,
    success: json(200, "{ image }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/images",
    summary: "Upload images (multipart `files`: image files and/or one zip)",
    tag: "projects",
    access: "researcher",
    rawBody: { contentType: "multipart/form-data", description: "`files`: image files and/or one zip" },
    success: {
      status: 200,
      description: "NDJSON progress lines, then a summary",
      contentType: "application/x-ndjson",
    },
    errors: [413],
  },
  {
    method: "get",
    path: "/api/projects/{id}/invites",
    summary: "The project's invite links",
    tag: "projects",
    access: "researcher",
    success: json(200, "{ invites }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/invites",
    summary: "Make an invite link",
    tag: "projects",
    access: "researcher",
    body: createInviteRequestSchema,
    success: json(201, "{ invite }"),
  },
  {
    method: "delete",
    path: "/api/projects/{id}/invites/{inviteId}",
    summary: "Revoke an invite link",
    tag: "projects",
    access: "researcher",
    success: json(200, "{ invite }"),
  },
  {
    method: "get",
    path: "/api/projects/{id}/models",
    summary: "Model versions and queued or running train jobs",
    tag: "models",
    access: "researcher",
    success: json(200, "{ versions, jobs }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/models",
    summary: "Queue a retrain",
    tag: "models",
    access: "researcher",
    body: retrainRequestSchema,
    success: json(202, "{ job }"),
  },
  {
    method: "get",
    path: "/api/projects/{id}/encoders",
    summary: "Pretrained encoders: faces, loss curve, reconstructions, models that used them",
    tag: "models",
    access: "researcher",
    success: json(200, "{ encoders }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/encoders",
    summary: "Queue a pretraining (masked image modeling, docs/pretraining.md)",
    tag: "models",
    access: "researcher",
    body: pretrainSettingsSchema,
    success: json(202, "{ jobId }"),
  },
  {
    method: "patch",
    path: "/api/projects/{id}/settings",
    summary: "Change any project setting and the target votes",
    tag: "projects",
    access: "researcher",
    body: projectSettingsPatchSchema,
    success: json(200, "{ settings, targetVotes }"),
  },
  {
    method: "get",
    path: "/api/projects/{id}/splits",
    summary: "Images per split, the split ratios and seed",
    tag: "projects",
    access: "researcher",
    success: json(200, "{ counts, ratios, seed, publishedModels }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/splits",
    summary: "Re-split every image by the project's ratios (confirm: true)",
    tag: "projects",
    access: "researcher",
    body: resplitRequestSchema,
    success: json(200, "the new split counts"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/tasks/{imageId}/skip",
    summary: "Give a leased image back without voting",
    tag: "annotation",
    access: "annotator",
    success: json(200, "{ released }"),
  },
  {
    method: "get",
    path: "/api/projects/{id}/tasks/next",
    summary: "Lease the caller's next image",
    tag: "annotation",
    access: "annotator",
    query: nextTaskQuerySchema,
    success: json(200, "{ task, labels, myVotes, done }"),
  },
  {
    method: "delete",
    path: "/api/projects/{id}/votes/last",
    summary: "Undo the caller's last vote (within 10 s)",
    tag: "annotation",
    access: "annotator",
    success: json(200, "{ vote, task }"),
    errors: [409],
  },
  {
    method: "get",
    path: "/api/projects/{id}/votes",
    summary: "List votes (researchers: anyone's; annotators: their own)",
    tag: "annotation",
    access: "annotator",
    query: listVotesQuerySchema,
    success: json(200, "{ votes, nextCursor }"),
  },
  {
    method: "post",
    path: "/api/projects/{id}/votes",
    summary: "Record the caller's vote",
    tag: "annotation",
    access: "annotator",
    body: voteInputSchema,
    success: json(201, "{ vote, replayed } (200 for a replay)"),
    errors: [409],
  },
];
