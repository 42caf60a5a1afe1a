// PATCH /api/projects/{id}/settings - the settings form: any project setting (lib/projects/settings.ts)
// and targetVotes, partial; unknown keys and bad values are 400s naming the field (researchers).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { updateProjectSettings } from "@/lib/projects/update-settings";

type Context = { params: Promise<{ id: string }> };

export const PATCH = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body: unknown = await readJson(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("bad_request", "the body must be a JSON object");
  }
  return NextResponse.json(await updateProjectSettings(projectId, body));
});
