-- The batch list's aggregates (runs, successes, finished runs, average scores, duration and cost), kept per batch in
-- the same atomic write as each run. They were computed at read time: a page of batches joined every one of its runs
-- and each run's telemetry, looked up by run_id in an index that grows with the store (the list of 100 batches read
-- 10,000 runs and grew with the store). Derived from the runs, filled here from those already stored.
CREATE TABLE batch_rollups (
  batchId TEXT PRIMARY KEY NOT NULL,
  runs INTEGER NOT NULL,
  successful INTEGER NOT NULL,
  finished INTEGER NOT NULL,
  total_scored INTEGER NOT NULL,
  sum_total REAL NOT NULL,
  scored INTEGER NOT NULL,
  sum_score REAL NOT NULL,
  timed INTEGER NOT NULL,
  sum_duration REAL NOT NULL,
  priced INTEGER NOT NULL,
  sum_priced_total REAL NOT NULL
) WITHOUT ROWID;

INSERT INTO batch_rollups
SELECT r.batchId, COUNT(*), COALESCE(SUM(r.is_successful), 0),
  COALESCE(SUM(CASE WHEN r.status NOT IN ('running') THEN 1 ELSE 0 END), 0),
  COUNT(r.total_score), COALESCE(SUM(r.total_score), 0),
  COUNT(r.weighted_score), COALESCE(SUM(r.weighted_score), 0),
  COUNT(t.duration_ms), COALESCE(SUM(t.duration_ms), 0),
  COUNT(t.cost_usd), COALESCE(SUM(t.cost_usd + COALESCE(t.judge_cost_usd, 0)), 0)
FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
WHERE r.batchId IS NOT NULL
GROUP BY r.batchId;
