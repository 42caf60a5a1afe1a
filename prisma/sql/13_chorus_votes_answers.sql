-- chorus_votes_answers() and the votes_answers_insert / votes_answers_delete triggers: each vote of a
-- Chorus annotator adds one to their answers in the project (annotator_answers, through
-- chorus_add_answers, 03_); imported crowd votes have no annotator and are not counted here. Every
-- vote is an answer, counted or not (pausing changes the image counts, not the annotator's answers),
-- and chorus.bulk_counts does not apply: bulk imports recount images, not annotators. docs/vote-path.md.
--
-- Why SQL: the counter moves in the vote's own transaction, whatever path writes the vote.
CREATE OR REPLACE FUNCTION chorus_votes_answers() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER votes_answers_insert AFTER INSERT ON "votes"
FOR EACH ROW WHEN (NEW.annotator_id IS NOT NULL) EXECUTE FUNCTION chorus_votes_answers();
CREATE OR REPLACE TRIGGER votes_answers_delete AFTER DELETE ON "votes"
FOR EACH ROW WHEN (OLD.annotator_id IS NOT NULL) EXECUTE FUNCTION chorus_votes_answers();
