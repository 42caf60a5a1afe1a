-- chorus_model_versions_number() and the model_versions_number trigger: the one home of a model
-- version's per-project number (#1, #2, ...): every insert that leaves it 0 gets the project's next
-- number. The advisory lock (per project, held to the end of the transaction) keeps two concurrent
-- runs from taking the same number. docs/training-data.md.
--
-- Why SQL: concurrent training runs publish from different processes; only the database sees them all.
CREATE OR REPLACE FUNCTION chorus_model_versions_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.number = 0 THEN
    PERFORM pg_advisory_xact_lock(hashtext('model_versions.number'), NEW.project_id);
    SELECT COALESCE(MAX(number), 0) + 1 INTO NEW.number FROM model_versions WHERE project_id = NEW.project_id;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER model_versions_number BEFORE INSERT ON "model_versions"
FOR EACH ROW EXECUTE FUNCTION chorus_model_versions_number();
