-- Pausing is per project (issue 11, finding 2): a researcher of one project pauses an annotator in
-- that project only. The pause moves from users.paused_at (global) to project_members.paused_at.

ALTER TABLE "project_members" ADD COLUMN "paused_at" TIMESTAMP(3);

-- Existing pauses carry over to every project the user is a member of (the old pause applied to
-- all of them).
UPDATE "project_members" m SET "paused_at" = u."paused_at"
FROM "users" u WHERE u."id" = m."user_id" AND u."paused_at" IS NOT NULL;

-- The one home of "which votes count": now asks the membership of the vote's project.
-- Invariant: images.counts = votes whose annotator is not (paused in the project AND project excludes paused).
CREATE OR REPLACE FUNCTION chorus_vote_counted(p_project INTEGER, p_annotator TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT p_annotator IS NULL
      OR NOT EXISTS (SELECT 1 FROM "project_members" m
                     WHERE m.project_id = p_project AND m.user_id = p_annotator AND m.paused_at IS NOT NULL)
      OR NOT COALESCE((SELECT (p.settings ->> 'excludePausedAnnotators')::boolean FROM "projects" p WHERE p.id = p_project), true)
$$;

-- Recount the images of paused users' votes in projects they are not members of: those votes were
-- excluded under the global pause and count again now.
SELECT chorus_recount_images(ARRAY(
  SELECT DISTINCT v.image_id FROM "votes" v JOIN "users" u ON u.id = v.annotator_id
  WHERE u.paused_at IS NOT NULL));

ALTER TABLE "users" DROP COLUMN "paused_at";
