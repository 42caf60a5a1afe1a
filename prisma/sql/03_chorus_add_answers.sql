-- chorus_add_answers(project, annotator, delta): adds `delta` to the annotator's answers in the
-- project (annotator_answers, the annotation page's counter; the row is made on the first answer).
-- Called by the answers triggers (13_, 14_); docs/vote-path.md.
--
-- Why SQL: the triggers keep the counter in the answer's own transaction, and the counter is read
-- with one primary-key probe instead of counting the annotator's history.
CREATE OR REPLACE FUNCTION chorus_add_answers(p_project INTEGER, p_annotator TEXT, delta INTEGER) RETURNS VOID
LANGUAGE sql AS $$
  INSERT INTO "annotator_answers" AS a (project_id, annotator_id, answers)
  VALUES (p_project, p_annotator, delta)
  ON CONFLICT (project_id, annotator_id) DO UPDATE SET answers = a.answers + EXCLUDED.answers
$$;
