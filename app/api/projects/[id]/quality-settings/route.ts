// PATCH /api/projects/{id}/quality-settings - change assignment policy, gold rate, annotator checks
// and retirement settings (partial; unknown keys and bad values are 400s naming the field).
import { NextResponse } from "next/server";
import { requireProjectRole } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { updateQualitySettings } from "@/lib/quality/quality-settings";

type Context = { params: Promise<{ id: string }> };

export const PATCH = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const projectId = idParam(id, "project");
  await requireProjectRole(request.headers, projectId, ["researcher"]);
  const settings = await updateQualitySettings(projectId, await readJson(request));
  return NextResponse.json({ settings });
});
