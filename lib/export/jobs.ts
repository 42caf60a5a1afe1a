// Background exports: an export_jobs row per request, run by the worker (workers/jobs/export.ts) into
// a zip under CHORUS_EXPORT_DIR (default CHORUS_HOME/exports), with progress in the row and a download once it is done. The web
// process only inserts the row and enqueues, so a large export never holds up a request.
import { stat } from "node:fs/promises";
import path from "node:path";
import { db } from "../db";
import { chorusPath, env } from "../env";
import { AppError } from "../errors";
import type { ExportJob } from "../generated/prisma/client";
import { enqueue } from "../jobs/queue";
import { exportToDisk } from "./destination";
import { exportFiltersSchema, exportRequestSchema, type ExportFormat, type ExportRequest } from "./options";
import { checkExport } from "./run";

export const EXPORT_JOB = "export";

/** Progress is written at most this often (ms): the row is read by the page's polling. */
const PROGRESS_EVERY_MS = 1000;

export type { ExportJob };

/**
 * The zip a job writes, named by ids only, in CHORUS_EXPORT_DIR (default CHORUS_HOME/exports): the
 * worker that runs the job and the web process that serves the download may be different machines,
 * so in a multi-machine deployment that folder is a shared mount (docs/deployment.md).
 */
export function exportJobFile(job: Pick<ExportJob, "id" | "projectId" | "format">): string {
  const name = `project-${job.projectId}-export-${job.id}-${job.format}.zip`;
  const dir = env().CHORUS_EXPORT_DIR;
  return dir ? path.resolve(dir, name) : chorusPath("exports", name);
}

/**
 * Records an export request (saving the card's license and provenance on the project when given)
 * and queues it. Returns the queued job.
 */
export async function createExportJob(projectId: number, input: ExportRequest, createdBy: string | null) {
  const request = exportRequestSchema.parse(input);
  await checkExport({ projectId, format: request.format, filters: request.filters, bundle: true });
  if (request.license !== undefined || request.provenance !== undefined) {
    await db.project.update({
      where: { id: projectId },
      data: {
        ...(request.license !== undefined ? { license: request.license || null } : {}),
        ...(request.provenance !== undefined ? { provenance: request.provenance || null } : {}),
      },
    });
  }
  const job = await db.exportJob.create({
    data: { projectId, format: request.format, filters: request.filters, createdBy },
  });
  try {
    await enqueue(EXPORT_JOB, { jobId: job.id });
  } catch (error) {
    // Without a queue entry nothing would ever run it: say so on the row instead of leaving it queued.
    await db.exportJob.update({
      where: { id: job.id },
      data: { status: "failed", error: "could not queue the export" },
    });
    throw error;
  }
  return job;
}

/** The job `jobId` of project `projectId`, or not_found. */
export async function getExportJob(projectId: number, jobId: number): Promise<ExportJob> {
  const job = await db.exportJob.findFirst({ where: { id: jobId, projectId } });
  if (!job) throw new AppError("not_found", `export ${jobId} not found`);
  return job;
}

/** The project's latest export jobs, newest first. */
export function listExportJobs(projectId: number, take = 20): Promise<ExportJob[]> {
  return db.exportJob.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take });
}

/**
 * Runs export job `jobId` (the worker's handler). Safe to run twice: a finished job whose file exists
 * is left alone, and a rerun rewrites the zip under a temporary name before replacing it.
 */
export async function runExportJob(
  jobId: number,
  options: { signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<ExportJob> {
  const job = await db.exportJob.findUnique({ where: { id: jobId } });
  if (!job) throw new AppError("not_found", `export job ${jobId} not found`);
  const file = exportJobFile(job);
  if (
    job.status === "done" &&
    (await stat(file).then(
      () => true,
      () => false,
    ))
  )
    return job;
  await db.exportJob.update({ where: { id: jobId }, data: { status: "running", progress: 0, error: null } });
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  try {
    const result = await exportToDisk({
      projectId: job.projectId,
      format: job.format as ExportFormat,
      filters: exportFiltersSchema.parse(job.filters),
      out: file,
      kind: "zip",
      signal: options.signal,
      onProgress: ({ done, total }) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS || done >= total) return;
        lastWrite = now;
        // One progress write at a time; a slow one is simply skipped over by later rows.
        writing = writing.then(() =>
          db.exportJob.update({ where: { id: jobId }, data: { progress: total ? done / total : 0 } }),
        );
      },
    });
    await writing;
    options.log?.(`export ${jobId}: ${result.summary.images} images to ${path.basename(file)}`);
    return await db.exportJob.update({
      where: { id: jobId },
      data: { status: "done", progress: 1, path: file, finishedAt: new Date() },
    });
  } catch (error) {
    await writing.catch(() => undefined);
    await db.exportJob.update({
      where: { id: jobId },
      data: { status: "failed", error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}
