-- chorus_entropy(counts): Shannon entropy in nats of a count vector (Shannon 1948, eq. 4, natural
-- logarithm): H = -sum p_i ln p_i with p_i = c_i / sum c; 0 for no votes. The one home of the STORED
-- images.entropy (through the images_entropy trigger, 12_), which galleries and exports sort and
-- filter on in SQL. Invariant: docs/architecture.md, "Invariants".
--
-- Must agree with `entropy` in lib/ambiguity/distribution.ts, the same measure over counts read into
-- TypeScript (dashboards, summaries); tests/integration/entropy-oracle.test.ts holds the two together
-- on reference values.
--
-- Why SQL: images.entropy is written by a trigger in the vote's own transaction, and read by ORDER BY
-- and WHERE clauses that TypeScript never sees.
CREATE OR REPLACE FUNCTION chorus_entropy(counts INTEGER[]) RETURNS DOUBLE PRECISION
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(-SUM((c::float8 / t) * ln(c::float8 / t)), 0)
  FROM unnest(counts) AS c, (SELECT SUM(x)::float8 AS t FROM unnest(counts) AS x) AS total
  WHERE c > 0
$$;
