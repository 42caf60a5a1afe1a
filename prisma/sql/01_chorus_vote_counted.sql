-- chorus_vote_counted(project, annotator): WHICH VOTES COUNT. The one definition of the rule; every
-- reader calls it: the votes_counts trigger (10_), chorus_recount_images (11_) and the per-vote
-- export (lib/export/query.ts). Invariant and how the counts are kept: docs/architecture.md, "Invariants".
--
-- A vote counts unless its annotator is paused in the vote's project (project_members.paused_at)
-- while the project's settings say excludePausedAnnotators (default true). Imported crowd votes have
-- no annotator and always count. Paused votes stay in "votes"; pausing, unpausing and flipping the
-- switch recount the affected images (lib/quality/paused-annotators.ts).
--
-- Why SQL: the counts trigger runs it inside the vote's own transaction, so images.counts can never
-- disagree with the votes whatever path writes them (API, import, undo, psql).
CREATE OR REPLACE FUNCTION chorus_vote_counted(p_project INTEGER, p_annotator TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT p_annotator IS NULL
      OR NOT EXISTS (SELECT 1 FROM "project_members" m
                     WHERE m.project_id = p_project AND m.user_id = p_annotator AND m.paused_at IS NOT NULL)
      OR NOT COALESCE((SELECT (p.settings ->> 'excludePausedAnnotators')::boolean FROM "projects" p WHERE p.id = p_project), true)
$$;
