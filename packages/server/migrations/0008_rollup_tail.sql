-- The rollups hold the runs up to folded_id (a benchmark_runs.id, which AUTOINCREMENT never hands out twice); the
-- runs after it, the tail, are summed at read time with the rollups' rows. A new run joins the tail, so its write
-- updates no rollup table; one write in 16 (at random) folds the tail into the rollups in the same atomic step.
-- The rollups hold every run stored before this migration, so the tail starts empty.
CREATE TABLE IF NOT EXISTS rollup_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  folded_id INTEGER NOT NULL
);

INSERT INTO rollup_state (id, folded_id) SELECT 1, COALESCE(MAX(id), 0) FROM benchmark_runs WHERE true
  ON CONFLICT (id) DO UPDATE SET folded_id = excluded.folded_id;
