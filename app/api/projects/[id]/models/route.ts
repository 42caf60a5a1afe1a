// GET  /api/projects/{id}/models - model versions (no weights) and queued/running train jobs; the model page polls it.
// POST /api/projects/{id}/models - queue a retrain { paradigm, epochs, ..., init? } (lib/model trainSettingsSchema, and
//   where it starts: init, lib/model-store/encoder-start.ts); researchers only.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { retrainRequestSchema } from "@/lib/model-store/encoder-start";
import { enqueueTraining } from "@/lib/model-store/schedule";
import { loadModelsPage } from "@/lib/model-store/views";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  return NextResponse.json(await loadModelsPage(projectId), { headers: { "cache-control": "no-store" } });
});

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body: unknown = await readJson(request);
  // `init` says where the run starts (scratch, an encoder); every other field is a training setting.
  const { init, ...settings } = retrainRequestSchema.parse(body);
  const jobId = await enqueueTraining({ projectId, settings, init, reason: "manual" });
  // null: the same request is already queued (the train queue keeps one queued job per request).
  return NextResponse.json(
    { jobId, alreadyQueued: jobId === null, settings, init },
    { status: jobId ? 202 : 200 },
  );
});
