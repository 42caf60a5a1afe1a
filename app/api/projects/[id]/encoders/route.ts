// GET  /api/projects/{id}/encoders - pretrained encoders (no weights): loss curves, faces, models that used them.
// POST /api/projects/{id}/encoders - queue a pretraining { minutes?, maskRatio?, ... } (pretrainSettingsSchema); researchers only.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { idParam, route } from "@/lib/http/route";
import { pretrainSettingsSchema } from "@/lib/model/pretrain-settings";
import { loadEncoderViews } from "@/lib/model-store/encoder-view";
import { enqueuePretraining } from "@/lib/model-store/pretrain-schedule";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  return NextResponse.json(
    { encoders: await loadEncoderViews(projectId) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body: unknown = await readJson(request);
  // strict(): a misspelt setting is an error naming it, not silently a default.
  const settings = pretrainSettingsSchema.strict().parse(body);
  const jobId = await enqueuePretraining({ projectId, settings });
  // null: a pretraining of this project is already queued.
  return NextResponse.json({ jobId, alreadyQueued: jobId === null, settings }, { status: jobId ? 202 : 200 });
});
