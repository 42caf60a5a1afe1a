// DELETE /api/projects/{id}/images/{imageId} - delete an image with its votes (researchers of the project).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { deleteImage } from "@/lib/images/delete";

type Context = { params: Promise<{ id: string; imageId: string }> };

export const DELETE = route(async (request: Request, { params }: Context) => {
  const { id, imageId } = await params;
  const projectId = idParam(id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  return NextResponse.json({ deleted: await deleteImage(projectId, idParam(imageId, "image")) });
});
