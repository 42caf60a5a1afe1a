// Leases: a short reservation of an image for one annotator. Every change to an image's
// votes-plus-live-leases happens while its images row is locked (votes lock it through the counts
// trigger, new leases in chorus_lease_first), so a lease is only granted below the target.
import {
  deleteExpiredLeases,
  deleteLease,
  leaseFirstRows,
  renewHeldLeaseRows,
  type LeaseFirstInput,
} from "./sql/leases";

/**
 * Leases to the annotator the first of `candidates` still below `targetVotes` (live leases
 * counted) that they have not voted on, in one statement (SQL function chorus_lease_first: lock
 * the image row, then re-check with a fresh snapshot, then insert). Returns the leased image, or
 * null and how many candidates were skipped because another transaction held them.
 */
export async function leaseFirst(
  input: LeaseFirstInput,
): Promise<{ imageId: number | null; expiresAt: Date | null; skipped: number }> {
  const [row] = await leaseFirstRows(input);
  return {
    imageId: row?.leased_image_id ?? null,
    expiresAt: row?.lease_expires_at ?? null,
    skipped: row?.skipped ?? 0,
  };
}

/**
 * Renews the annotator's oldest live lease in the project that is not in `exclude` and that they
 * have not voted on, in one statement; returns it, or null when they hold none. The lookup is one
 * range of task_leases(annotator_id, project_id, expires_at): expired leases sort before it.
 */
export async function renewHeldLease(input: {
  projectId: number;
  annotatorId: string;
  exclude: number[];
  leaseSeconds: number;
}): Promise<{ imageId: number; expiresAt: Date } | null> {
  const rows = await renewHeldLeaseRows(input);
  const row = rows[0];
  return row ? { imageId: row.image_id, expiresAt: row.expires_at } : null;
}

/** Gives an image back to the pool (skip). Returns whether the annotator held a lease on it. */
export async function releaseLease(
  projectId: number,
  imageId: number,
  annotatorId: string,
): Promise<boolean> {
  const count = await deleteLease(projectId, imageId, annotatorId);
  return count > 0;
}

/** Deletes the project's expired leases (they are already ignored; this only keeps the table small). */
export function purgeExpiredLeases(projectId: number): Promise<number> {
  return deleteExpiredLeases(projectId);
}
