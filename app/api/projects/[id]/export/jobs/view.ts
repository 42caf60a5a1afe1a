// The public shape of an export job: no server paths, a download URL once it is done.
import type { ExportJob } from "@/lib/export/jobs";

export function exportJobView(job: ExportJob) {
  return {
    id: job.id,
    format: job.format,
    filters: job.filters,
    status: job.status,
    progress: job.progress,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    downloadUrl:
      job.status === "done" ? `/api/projects/${job.projectId}/export/jobs/${job.id}/download` : null,
  };
}
