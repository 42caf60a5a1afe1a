// The images domain's raw SQL, one home (docs/architecture.md, "Data layer"): each statement says
// why Prisma's query API cannot say it.
import { db } from "../db";

// Raw: a set-based DELETE with an anti-join (NOT EXISTS) over a text[] parameter.
/** Deletes the blobs among `sha256s` that no image references any more; how many. */
export function deleteUnreferencedBlobs(sha256s: string[]): Promise<number> {
  return db.$executeRaw`
    DELETE FROM image_blobs b WHERE b.sha256 = ANY(${sha256s}::text[])
      AND NOT EXISTS (SELECT 1 FROM images i WHERE i.sha256 = b.sha256)`;
}

// Raw: two counts and an ARRAY(SELECT DISTINCT ...) in one round trip.
/** The project's image and vote counts and the distinct blobs its images use. */
export function selectProjectContents(
  projectId: number,
): Promise<{ images: number; votes: number; shas: string[] }[]> {
  return db.$queryRaw<{ images: number; votes: number; shas: string[] }[]>`
    SELECT (SELECT count(*)::int FROM images WHERE project_id = ${projectId}) AS images,
           (SELECT count(*)::int FROM votes WHERE project_id = ${projectId}) AS votes,
           ARRAY(SELECT DISTINCT sha256 FROM images WHERE project_id = ${projectId}) AS shas`;
}
