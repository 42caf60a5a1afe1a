// POST /api/projects - create a project { name, labels | preset: "ferplus", targetVotes } (researchers, admins).
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guard";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { LABEL_PRESETS } from "@/lib/projects/labels";
import { createProject } from "@/lib/projects/projects";
import { createProjectRequestSchema as bodySchema } from "@/lib/projects/schemas";

export const POST = route(async (request: Request) => {
  const viewer = await requireRole(request.headers, ["researcher"]);
  const body = bodySchema.parse(await readJson(request));
  const labels = body.preset ? [...(LABEL_PRESETS[body.preset] ?? [])] : body.labels;
  const project = await createProject({ ...body, labels: labels ?? [] }, viewer.id);
  return NextResponse.json(
    {
      project: {
        id: project.id,
        name: project.name,
        labels: project.labels,
        targetVotes: project.targetVotes,
      },
    },
    { status: 201 },
  );
});
