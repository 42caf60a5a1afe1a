-- chorus_repeats_answers() and the quality_repeats_answers trigger: a hidden repeat (quality_repeats)
-- counts as one answer of its annotator once answered (label set); an undo sets the label back to
-- NULL and takes the answer away. Through chorus_add_answers (03_); docs/vote-path.md.
--
-- Why SQL: the counter moves in the answer's own transaction, whatever path writes the repeat.
CREATE OR REPLACE FUNCTION chorus_repeats_answers() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER quality_repeats_answers AFTER INSERT OR UPDATE OF label OR DELETE ON "quality_repeats"
FOR EACH ROW EXECUTE FUNCTION chorus_repeats_answers();
