-- chorus_votes_counts() and the votes_counts trigger: keep each image's running counts and vote_count
-- (images.counts, images.vote_count) equal to its COUNTED votes (chorus_vote_counted, 01_), in the
-- vote's own transaction. Invariant: docs/architecture.md, "Invariants".
--
-- A vote's label must lie in the image's label set (checked for counted and uncounted votes alike);
-- votes are immutable (delete and insert instead). A bulk import sets `chorus.bulk_counts = on` for
-- its transaction, so this trigger steps aside, and recounts the images it wrote with
-- chorus_recount_images (11_) before it commits (lib/import/bulk-write.ts): one set-wise recount
-- instead of one images update per vote.
--
-- Why SQL: every path that writes votes (API, import, undo, deletes cascading from a project or a
-- user) goes through the table, so the counts cannot drift from the votes; dashboards and task
-- assignment read the counts without scanning votes.
CREATE OR REPLACE FUNCTION chorus_votes_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('chorus.bulk_counts', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT chorus_vote_counted(NEW.project_id, NEW.annotator_id) THEN
      -- Still reject a label outside the label set, as for counted votes.
      PERFORM 1 FROM "images" WHERE id = NEW.image_id AND NEW.label < cardinality(counts);
      IF NOT FOUND THEN
        RAISE EXCEPTION 'vote label % is outside the label set of image %', NEW.label, NEW.image_id
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END IF;
    UPDATE "images"
      SET counts[NEW.label + 1] = counts[NEW.label + 1] + 1, vote_count = vote_count + 1
      WHERE id = NEW.image_id AND NEW.label < cardinality(counts);
    IF NOT FOUND THEN
      RAISE EXCEPTION 'vote label % is outside the label set of image %', NEW.label, NEW.image_id
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF chorus_vote_counted(OLD.project_id, OLD.annotator_id) THEN
      UPDATE "images"
        SET counts[OLD.label + 1] = counts[OLD.label + 1] - 1, vote_count = vote_count - 1
        WHERE id = OLD.image_id;
    END IF;
  ELSIF NEW.label IS DISTINCT FROM OLD.label OR NEW.image_id IS DISTINCT FROM OLD.image_id THEN
    RAISE EXCEPTION 'votes are immutable: delete and insert instead' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER votes_counts AFTER INSERT OR UPDATE OR DELETE ON "votes"
FOR EACH ROW EXECUTE FUNCTION chorus_votes_counts();
