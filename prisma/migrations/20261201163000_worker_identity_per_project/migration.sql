-- A worker id names an annotator within one project only (issue 11, finding 1): an invite of
-- project B must never hand out the session of project A's annotator who shares the worker id.
ALTER TABLE "users" ADD COLUMN "worker_project_id" INTEGER;

-- Existing worker-id annotators keep re-entry by worker id only where that is safe: members of
-- exactly one project, and per (project, worker id) only the oldest (the old join race made
-- duplicates). Everyone else returns through their session cookie; a join with the worker id
-- makes a new, project-scoped annotator.
UPDATE "users" AS u
SET "worker_project_id" = scoped."project_id"
FROM (
    SELECT DISTINCT ON (m."project_id", w."worker_id") m."project_id", w."id"
    FROM "users" AS w
    JOIN "project_members" AS m ON m."user_id" = w."id"
    WHERE w."worker_id" IS NOT NULL
      AND w."role" = 'annotator'
      AND (SELECT count(*) FROM "project_members" AS other WHERE other."user_id" = w."id") = 1
    ORDER BY m."project_id", w."worker_id", w."created_at", w."id"
) AS scoped
WHERE u."id" = scoped."id";

CREATE UNIQUE INDEX "users_worker_project_id_worker_id_key" ON "users"("worker_project_id", "worker_id");

ALTER TABLE "users" ADD CONSTRAINT "users_worker_project_id_fkey" FOREIGN KEY ("worker_project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;
