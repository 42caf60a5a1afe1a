// GET /api/projects/{id}/export/jobs/{jobId} - status and progress of a background export.
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { getExportJob } from "@/lib/export/jobs";
import { idParam, route } from "@/lib/http/route";
import { exportJobView } from "../view";

type Context = { params: Promise<{ id: string; jobId: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const { id, jobId } = await params;
  const projectId = idParam(id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const job = await getExportJob(projectId, idParam(jobId, "export"));
  return NextResponse.json({ job: exportJobView(job) });
});
