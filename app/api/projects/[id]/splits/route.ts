// GET  /api/projects/{id}/splits - images per split (train, valid, test, unassigned), ratios and seed.
// POST /api/projects/{id}/splits - re-split every image { confirm: true, seed? } (researchers): models
// published before were evaluated on the old split, so the request must say it means it.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { idParam, route } from "@/lib/http/route";
import { resplitRequestSchema, resplitProject, splitOverview } from "@/lib/splits/store";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  return NextResponse.json(await splitOverview(projectId), { headers: { "cache-control": "no-store" } });
});

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body = await readJson(request);
  const { seed } = resplitRequestSchema.parse(body);
  return NextResponse.json(await resplitProject(projectId, { seed }));
});
