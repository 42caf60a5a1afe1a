// GET /api/projects/{id}/export/jobs/{jobId}/download - the finished export's zip.
import { requireProjectAccess } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { exportFileResponse, downloadName } from "@/lib/export/http";
import { exportJobFile, getExportJob } from "@/lib/export/jobs";
import { idParam, route } from "@/lib/http/route";

type Context = { params: Promise<{ id: string; jobId: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const { id, jobId } = await params;
  const projectId = idParam(id, "project");
  const { project } = await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const job = await getExportJob(projectId, idParam(jobId, "export"));
  if (job.status !== "done") throw new AppError("conflict", `export ${job.id} is ${job.status}, not done`);
  // The file name is derived from ids, never read back from the row, so it always lies in exports/.
  return exportFileResponse(
    exportJobFile(job),
    downloadName(project.name, `export-${job.id}-${job.format}.zip`),
  );
});
