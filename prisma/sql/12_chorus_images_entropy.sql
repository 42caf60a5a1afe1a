-- chorus_images_entropy() and the images_entropy trigger: images.entropy is always
-- chorus_entropy(images.counts) (02_), recomputed whenever the counts change, whoever changes them
-- (the votes_counts trigger, chorus_recount_images, an import). Invariant: docs/architecture.md,
-- "Invariants".
--
-- Why SQL: the stored entropy is sorted and filtered on in SQL (gallery, exports), so it is written
-- where the counts are written.
CREATE OR REPLACE FUNCTION chorus_images_entropy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.entropy := chorus_entropy(NEW.counts);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER images_entropy BEFORE INSERT OR UPDATE OF counts ON "images"
FOR EACH ROW EXECUTE FUNCTION chorus_images_entropy();
