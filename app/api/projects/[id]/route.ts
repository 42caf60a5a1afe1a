// DELETE /api/projects/{id} { confirm: "<project name>" } - delete the project and all its data
// (researchers of the project, admins).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { idParam, route } from "@/lib/http/route";
import { deleteProject } from "@/lib/images/delete";

type Context = { params: Promise<{ id: string }> };

export const DELETE = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body = await readJson(request);
  return NextResponse.json({ deleted: await deleteProject(projectId, body) });
});
