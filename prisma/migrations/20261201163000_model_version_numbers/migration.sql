-- Model versions numbered per project (#1, #2, ...), whatever the global id.
ALTER TABLE "model_versions" ADD COLUMN "number" INTEGER NOT NULL DEFAULT 0;

UPDATE "model_versions" AS m SET "number" = ranked.n
FROM (SELECT id, row_number() OVER (PARTITION BY project_id ORDER BY id) AS n FROM "model_versions") AS ranked
WHERE ranked.id = m.id;

CREATE UNIQUE INDEX "model_versions_project_id_number_key" ON "model_versions"("project_id", "number");

-- The number's one home: every insert that leaves it 0 gets the project's next number. The advisory
-- lock (per project, held to the end of the transaction) keeps two concurrent runs from taking the same.
CREATE FUNCTION chorus_model_versions_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.number = 0 THEN
    PERFORM pg_advisory_xact_lock(hashtext('model_versions.number'), NEW.project_id);
    SELECT COALESCE(MAX(number), 0) + 1 INTO NEW.number FROM model_versions WHERE project_id = NEW.project_id;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER model_versions_number BEFORE INSERT ON "model_versions"
FOR EACH ROW EXECUTE FUNCTION chorus_model_versions_number();
