-- chorus_lease_first(project, annotator, candidates, target, lease seconds, wait): the lease step of
-- task assignment (lib/tasks/leases.ts). Leases the first image of `candidates` that is still below
-- `target` with live leases counted and that the annotator has not voted on. Each candidate's images
-- row is locked first (SKIP LOCKED; with `wait`, the first one is waited for: holding no other lock,
-- that cannot deadlock) and only then re-checked, by a new statement with a fresh snapshot (PL/pgSQL
-- gives every statement of a VOLATILE function its own snapshot), so it sees every lease and vote
-- committed before the lock. Votes take the same row lock through the counts trigger (10_). Returns
-- the leased image (null if none) and how many candidates were skipped because someone else held them.
-- The target check reads images.vote_count, the counted votes (docs/architecture.md, "Invariants").
--
-- Why SQL: lock, re-check and insert must happen in one round trip under the row lock, or two
-- annotators could both take the last place below the target.
CREATE OR REPLACE FUNCTION chorus_lease_first(
  p_project INTEGER, p_annotator TEXT, p_candidates INTEGER[], p_target INTEGER, p_lease_seconds INTEGER, p_wait BOOLEAN
) RETURNS TABLE (leased_image_id INTEGER, lease_expires_at TIMESTAMP(3), skipped INTEGER)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  candidate INTEGER;
  locked INTEGER;
  expiry TIMESTAMP(3);
  position INTEGER := 0;
BEGIN
  skipped := 0;
  FOREACH candidate IN ARRAY p_candidates LOOP
    position := position + 1;
    locked := NULL;
    expiry := NULL;
    IF p_wait AND position = 1 THEN
      SELECT id INTO locked FROM images WHERE id = candidate AND project_id = p_project FOR UPDATE;
    ELSE
      SELECT id INTO locked FROM images WHERE id = candidate AND project_id = p_project FOR UPDATE SKIP LOCKED;
    END IF;
    IF locked IS NULL THEN
      skipped := skipped + 1;
      CONTINUE;
    END IF;
    INSERT INTO task_leases AS t (project_id, image_id, annotator_id, expires_at, created_at)
    SELECT p_project, i.id, p_annotator,
           (now() AT TIME ZONE 'UTC') + make_interval(secs => p_lease_seconds), (now() AT TIME ZONE 'UTC')
    FROM images i
    WHERE i.id = candidate
      AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = p_annotator)
      AND i.vote_count + (SELECT count(*) FROM task_leases l WHERE l.image_id = i.id
                          AND l.expires_at > (now() AT TIME ZONE 'UTC') AND l.annotator_id <> p_annotator) < p_target
    ON CONFLICT (image_id, annotator_id)
      DO UPDATE SET expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
    RETURNING t.expires_at INTO expiry;
    IF expiry IS NOT NULL THEN
      leased_image_id := candidate;
      lease_expires_at := expiry;
      RETURN NEXT;
      RETURN;
    END IF;
  END LOOP;
  leased_image_id := NULL;
  lease_expires_at := NULL;
  RETURN NEXT;
END $$;
