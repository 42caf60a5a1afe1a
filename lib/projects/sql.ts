// The projects domain's raw SQL, one home (docs/architecture.md, "Data layer"): each statement says
// why Prisma's query API cannot say it.
import { db, type Tx } from "../db";
import { Prisma, type Project, type Role } from "../generated/prisma/client";

// Raw: the project and the caller's role in one statement with a LEFT JOIN on a parameter, on every
// request's access check; Prisma's include would be a second round trip.
/** The statement of getProjectWithRole (exported for bench/ and docs/vote-path.md). */
export function projectWithRoleSql(id: number, userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT p.id, p.name, p.labels, p.target_votes AS "targetVotes", p.settings, p.license, p.provenance,
           p.owner_id AS "ownerId", p.created_at AS "createdAt", m.role::text AS "memberRole"
    FROM projects p LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = ${userId}
    WHERE p.id = ${id}`;
}

// Raw: runs projectWithRoleSql (see there).
/** The project row with the member's role, or none for an unknown project. */
export function selectProjectWithRole(
  id: number,
  userId: string,
): Promise<(Project & { memberRole: Role | null })[]> {
  return db.$queryRaw<(Project & { memberRole: Role | null })[]>(projectWithRoleSql(id, userId));
}

// Raw: FOR UPDATE has no Prisma query-builder form, so that a settings merge sees the last save.
/** The project's settings and labels, its row locked until `tx` ends; none when unknown. */
export function lockProjectRow(
  tx: Tx,
  projectId: number,
): Promise<{ settings: Record<string, unknown> | null; labels: string[] }[]> {
  return tx.$queryRaw<{ settings: Record<string, unknown> | null; labels: string[] }[]>`
    SELECT settings, labels FROM projects WHERE id = ${projectId} FOR UPDATE`;
}

// Raw: calls the SQL function chorus_recount_images (prisma/sql) over a set of image ids.
/** Recounts the project's images that annotator voted on, inside `tx`. */
export function recountAnnotatorImages(
  tx: Tx,
  projectId: number,
  userId: string,
): Promise<{ recounted: number }[]> {
  return tx.$queryRaw<{ recounted: number }[]>`
      SELECT chorus_recount_images(ARRAY(
        SELECT DISTINCT image_id FROM votes WHERE project_id = ${projectId} AND annotator_id = ${userId})) AS recounted`;
}

// Raw: calls the SQL function chorus_recount_images (prisma/sql) over a set of image ids.
/** Recounts the project's images that its paused annotators voted on, inside `tx`. */
export function recountPausedImages(tx: Tx, projectId: number): Promise<{ recounted: number }[]> {
  return tx.$queryRaw<{ recounted: number }[]>`
    SELECT chorus_recount_images(ARRAY(
      SELECT DISTINCT v.image_id FROM votes v
      JOIN project_members m ON m.project_id = v.project_id AND m.user_id = v.annotator_id
      WHERE v.project_id = ${projectId} AND m.paused_at IS NOT NULL)) AS recounted`;
}

// Raw: an aggregate over a three-table join grouped by user; Prisma's groupBy cannot join.
/** Annotators paused in the project, with how many of their votes the project holds. */
export function selectPausedAnnotators(
  projectId: number,
): Promise<{ id: string; name: string; pausedAt: Date; votes: number }[]> {
  return db.$queryRaw`
    SELECT u.id, u.name, m.paused_at AS "pausedAt", count(v.id)::int AS votes
    FROM project_members m JOIN users u ON u.id = m.user_id
    JOIN votes v ON v.annotator_id = u.id AND v.project_id = m.project_id
    WHERE m.project_id = ${projectId} AND m.paused_at IS NOT NULL GROUP BY u.id, m.paused_at ORDER BY m.paused_at`;
}
