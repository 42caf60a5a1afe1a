-- Quality control (issue 7, lib/quality).

-- Gold images: a reference distribution over the project's labels (e.g. an expert panel's shares,
-- or an imported FER+ image's 10 votes). NULL: not gold.
ALTER TABLE "images" ADD COLUMN "gold_distribution" DOUBLE PRECISION[];

-- Paused annotators: their votes stay in "votes", but while the project's settings say
-- excludePausedAnnotators (default true) they are left out of the running counts, so every reader of
-- images.counts (stats, exports, training, assignment) excludes them through this one switch.
-- Invariant: images.counts = votes whose annotator is not (paused AND project excludes paused).
-- Pausing, unpausing and flipping the switch recount the affected images (lib/quality/paused-annotators.ts).
CREATE FUNCTION chorus_vote_counted(p_project INTEGER, p_annotator TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT p_annotator IS NULL
      OR NOT EXISTS (SELECT 1 FROM "users" u WHERE u.id = p_annotator AND u.paused_at IS NOT NULL)
      OR NOT COALESCE((SELECT (p.settings ->> 'excludePausedAnnotators')::boolean FROM "projects" p WHERE p.id = p_project), true)
$$;

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

-- Recounts images from their counted votes (after a pause, an unpause or a switch change).
CREATE FUNCTION chorus_recount_images(p_images INTEGER[]) RETURNS INTEGER LANGUAGE sql AS $$
  WITH recount AS (
    SELECT i.id,
           ARRAY(SELECT count(v.id) FILTER (WHERE chorus_vote_counted(v.project_id, v.annotator_id))::int
                 FROM generate_series(0, cardinality(i.counts) - 1) AS k(label)
                 LEFT JOIN "votes" v ON v.image_id = i.id AND v.label = k.label
                 GROUP BY k.label ORDER BY k.label) AS counts
    FROM "images" i WHERE i.id = ANY(p_images)
  ), updated AS (
    UPDATE "images" i SET counts = r.counts, vote_count = (SELECT COALESCE(sum(c), 0)::int FROM unnest(r.counts) AS c)
    FROM recount r WHERE i.id = r.id AND i.counts IS DISTINCT FROM r.counts
    RETURNING i.id
  )
  SELECT count(*)::int FROM updated
$$;
