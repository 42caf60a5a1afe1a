-- The vote path at crowd scale (issue 14, docs/vote-path.md): every statement of GET tasks/next and
-- POST votes is an index probe whose cost does not grow with the project, the table, the
-- annotator's history or dead leases.

-- images(project_id, vote_count) is a prefix of images(project_id, vote_count, id), which serves
-- every query it served: one index write less per vote.
DROP INDEX "images_project_id_vote_count_idx";

-- An annotator's votes in one project, newest first (hidden repeats, undo): with the project in
-- the key the walk never reads their votes in other projects. The annotator stays the leading
-- column, so the foreign key to users is still served.
DROP INDEX "votes_annotator_id_created_at_idx";
CREATE INDEX "votes_annotator_id_project_id_created_at_idx" ON "votes"("annotator_id", "project_id", "created_at");

-- An annotator's live leases in a project are one range of this index (expired leases sort
-- before it and are never read), instead of every lease entry the annotator ever held.
DROP INDEX "task_leases_annotator_id_idx";
CREATE INDEX "task_leases_annotator_id_project_id_expires_at_idx" ON "task_leases"("annotator_id", "project_id", "expires_at");

-- Answers per annotator and project (votes plus answered hidden repeats): the annotation page's
-- counter, read with one primary-key probe instead of counting the annotator's whole history.
-- Kept by the triggers below; this table is the only place the number is stored.
CREATE TABLE "annotator_answers" (
    "project_id" INTEGER NOT NULL,
    "annotator_id" TEXT NOT NULL,
    "answers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "annotator_answers_pkey" PRIMARY KEY ("project_id","annotator_id")
);
CREATE INDEX "annotator_answers_annotator_id_idx" ON "annotator_answers"("annotator_id");
ALTER TABLE "annotator_answers" ADD CONSTRAINT "annotator_answers_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "annotator_answers" ADD CONSTRAINT "annotator_answers_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Adds `delta` to the annotator's answers in the project (the row is made on their first answer).
CREATE FUNCTION chorus_add_answers(p_project INTEGER, p_annotator TEXT, delta INTEGER) RETURNS VOID
LANGUAGE sql AS $$
  INSERT INTO "annotator_answers" AS a (project_id, annotator_id, answers)
  VALUES (p_project, p_annotator, delta)
  ON CONFLICT (project_id, annotator_id) DO UPDATE SET answers = a.answers + EXCLUDED.answers
$$;

-- Votes of Chorus annotators (imported crowd votes have no annotator and are not counted here).
-- Independent of chorus.bulk_counts: bulk imports recount images, not annotators.
CREATE FUNCTION chorus_votes_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM chorus_add_answers(NEW.project_id, NEW.annotator_id, 1);
  ELSE
    -- A project or user being deleted may have taken the row already: then nothing is left to update.
    UPDATE "annotator_answers" SET answers = answers - 1
    WHERE project_id = OLD.project_id AND annotator_id = OLD.annotator_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER votes_answers_insert AFTER INSERT ON "votes"
FOR EACH ROW WHEN (NEW.annotator_id IS NOT NULL) EXECUTE FUNCTION chorus_votes_answers();
CREATE TRIGGER votes_answers_delete AFTER DELETE ON "votes"
FOR EACH ROW WHEN (OLD.annotator_id IS NOT NULL) EXECUTE FUNCTION chorus_votes_answers();

-- Hidden repeats count once answered (label set); an undo sets the label back to NULL.
CREATE FUNCTION chorus_repeats_answers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before INTEGER := CASE WHEN TG_OP <> 'INSERT' AND OLD.label IS NOT NULL THEN 1 ELSE 0 END;
  after INTEGER := CASE WHEN TG_OP <> 'DELETE' AND NEW.label IS NOT NULL THEN 1 ELSE 0 END;
BEGIN
  IF after > before THEN
    PERFORM chorus_add_answers(NEW.project_id, NEW.annotator_id, 1);
  ELSIF before > after THEN
    UPDATE "annotator_answers" SET answers = answers - 1
    WHERE project_id = OLD.project_id AND annotator_id = OLD.annotator_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER quality_repeats_answers AFTER INSERT OR UPDATE OF label OR DELETE ON "quality_repeats"
FOR EACH ROW EXECUTE FUNCTION chorus_repeats_answers();

-- Existing answers.
INSERT INTO "annotator_answers" (project_id, annotator_id, answers)
SELECT project_id, annotator_id, count(*)::int FROM (
  SELECT project_id, annotator_id FROM "votes" WHERE annotator_id IS NOT NULL
  UNION ALL
  SELECT project_id, annotator_id FROM "quality_repeats" WHERE label IS NOT NULL
) answered
GROUP BY project_id, annotator_id;
