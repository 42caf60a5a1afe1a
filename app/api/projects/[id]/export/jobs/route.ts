// POST /api/projects/{id}/export/jobs - queue a background export (body: format, filters, license,
//   provenance); 202 with the job. GET - the project's recent export jobs (researchers only).
import { NextResponse } from "next/server";
import { requireProjectAccess } from "@/lib/auth/guard";
import { createExportJob, listExportJobs } from "@/lib/export/jobs";
import { exportRequestSchema } from "@/lib/export/options";
import { idParam, route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { exportJobView } from "./view";

type Context = { params: Promise<{ id: string }> };

export const POST = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  const { viewer } = await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const body: unknown = await readJson(request);
  const job = await createExportJob(projectId, exportRequestSchema.parse(body), viewer.id);
  return NextResponse.json({ job: exportJobView(job) }, { status: 202 });
});

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const jobs = await listExportJobs(projectId);
  return NextResponse.json({ jobs: jobs.map(exportJobView) });
});
