-- chorus_majority(counts): the MAJORITY LABEL of a count vector, as a 0-based label index: the first
-- label holding the highest count (ties go to the lowest index, as numpy's argmax does), or NULL when
-- no label has a vote (all zero, empty or NULL). Invariant: docs/architecture.md, "Invariants".
--
-- Must agree with `majority` in lib/ambiguity/distribution.ts, the same rule over counts read into
-- TypeScript (dashboards, summaries); tests/integration/majority-oracle.test.ts holds the two together
-- on reference and random count vectors, ties and all-zero included.
--
-- Why SQL: the gallery's label filter (lib/analytics/sql/gallery.ts) and the export's majority filter
-- (lib/export/sql.ts) select rows by it in WHERE clauses that TypeScript never sees.
--
-- Why plpgsql: a LANGUAGE sql body needs a subquery for the array's maximum, and a scalar function
-- with a subquery is never inlined, so it runs through the SQL-function executor per row (1.7x the
-- inline expression on 50,000 rows); this loop takes the same time as the inline expression did.
CREATE OR REPLACE FUNCTION chorus_majority(counts INTEGER[]) RETURNS INTEGER
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  best INTEGER;
  top INTEGER := 0;
  k INTEGER := 0;
  c INTEGER;
BEGIN
  FOREACH c IN ARRAY COALESCE(counts, '{}') LOOP
    IF c > top THEN
      top := c;
      best := k;
    END IF;
    k := k + 1;
  END LOOP;
  RETURN best;
END
$$;
