// PUT /api/projects/{id}/images/{imageId}/gold - mark an image as gold with a reference distribution
// ({ distribution: number[] } as counts or shares in label order), or unmark it ({ distribution: null }).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { goldRequestSchema as bodySchema, setGoldDistribution } from "@/lib/tasks/policies/gold";

type Context = { params: Promise<{ id: string; imageId: string }> };

export const PUT = route(async (request: Request, { params }: Context) => {
  const { id, imageId } = await params;
  const projectId = idParam(id, "project");
  const image = idParam(imageId, "image");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body = bodySchema.parse(await readJson(request));
  const distribution = await setGoldDistribution(projectId, image, body.distribution);
  return NextResponse.json({ imageId: image, distribution });
});
