// Deleting data for good: one image, or a whole project. Votes, leases, hidden repeats and
// predictions go with their image (ON DELETE CASCADE), so no vote is ever left without its image;
// image bytes are removed once no image of any project uses them (blobs are shared by content).
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { deleteUnreferencedBlobs, selectProjectContents } from "./sql";

/** DELETE /api/projects/{id}: the project's exact name, typed to confirm. */
export const deleteProjectRequestSchema = z.object({ confirm: z.string().max(200) });

export interface Deleted {
  images: number;
  votes: number;
  blobs: number;
}

/** Deletes the blobs among `sha256s` that no image references any more. */
async function deleteUnusedBlobs(sha256s: string[]): Promise<number> {
  if (sha256s.length === 0) return 0;
  return deleteUnreferencedBlobs(sha256s);
}

/** Deletes image `imageId` of project `projectId` with its votes; 404 for an image of another project. */
export async function deleteImage(projectId: number, imageId: number): Promise<Deleted> {
  const image = await db.image.findFirst({ where: { id: imageId, projectId }, select: { sha256: true } });
  if (!image) throw new AppError("not_found", `image ${imageId} not found in project ${projectId}`);
  const votes = await db.vote.count({ where: { imageId } });
  await db.image.delete({ where: { id: imageId } });
  return { images: 1, votes, blobs: await deleteUnusedBlobs([image.sha256]) };
}

/**
 * Deletes project `projectId` and everything in it. `confirm` must be the project's name (a 400
 * naming `confirm` otherwise, and nothing is deleted).
 */
export async function deleteProject(projectId: number, input: unknown): Promise<Deleted> {
  const { confirm } = deleteProjectRequestSchema.parse(input);
  const project = await db.project.findUnique({ where: { id: projectId }, select: { name: true } });
  if (!project) throw new AppError("not_found", `project ${projectId} not found`);
  if (confirm !== project.name) {
    throw new AppError("bad_request", "type the project's name exactly to confirm", { field: "confirm" });
  }
  const [counts] = await selectProjectContents(projectId);
  await db.project.delete({ where: { id: projectId } });
  return {
    images: counts?.images ?? 0,
    votes: counts?.votes ?? 0,
    blobs: await deleteUnusedBlobs(counts?.shas ?? []),
  };
}
