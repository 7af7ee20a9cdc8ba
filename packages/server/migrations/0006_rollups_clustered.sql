-- The rollup tables are clustered on their keys, led by the agent × model × specialist a stats read groups by.
-- Each table was a rowid table plus the index of its primary key: an upsert wrote two b-trees, and every stats read
-- sorted all the rows it summed into a temporary b-tree to group them. Clustered, an upsert writes one b-tree, and a
-- read grouped by agent, model (and specialist, suite, scenario, tier: every cell read) walks the rows in key order.
-- Rollups are derived from the runs: the tables are rebuilt and filled again from them, as in 0005.
DROP TABLE run_rollups;

DROP TABLE evaluation_rollups;

CREATE TABLE run_rollups (
  suite TEXT NOT NULL,
  scenario TEXT NOT NULL,
  tier TEXT NOT NULL,
  agent TEXT NOT NULL,
  model TEXT NOT NULL,
  model_is_null INTEGER NOT NULL,
  status TEXT NOT NULL,
  specialist TEXT NOT NULL,
  runs INTEGER NOT NULL,
  successful INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  sum_score REAL NOT NULL,
  sum_sq_score REAL NOT NULL,
  min_score REAL,
  max_score REAL,
  total_scored INTEGER NOT NULL,
  sum_total REAL NOT NULL,
  timed INTEGER NOT NULL,
  sum_duration REAL NOT NULL,
  priced INTEGER NOT NULL,
  sum_cost REAL NOT NULL,
  sum_judge_cost REAL NOT NULL,
  sum_priced_total REAL NOT NULL,
  tokens_in INTEGER NOT NULL,
  tokens_out INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  cache_write INTEGER NOT NULL,
  b0 INTEGER NOT NULL,
  b1 INTEGER NOT NULL,
  b2 INTEGER NOT NULL,
  b3 INTEGER NOT NULL,
  b4 INTEGER NOT NULL,
  PRIMARY KEY (agent, model, model_is_null, specialist, suite, scenario, tier, status)
) WITHOUT ROWID;

CREATE TABLE evaluation_rollups (
  evaluator_name TEXT NOT NULL,
  suite TEXT NOT NULL,
  scenario TEXT NOT NULL,
  tier TEXT NOT NULL,
  agent TEXT NOT NULL,
  model TEXT NOT NULL,
  model_is_null INTEGER NOT NULL,
  status TEXT NOT NULL,
  specialist TEXT NOT NULL,
  evaluations INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  sum_share REAL NOT NULL,
  min_share REAL,
  max_share REAL,
  passed INTEGER NOT NULL,
  PRIMARY KEY (evaluator_name, agent, model, model_is_null, specialist, suite, scenario, tier, status)
) WITHOUT ROWID;

INSERT INTO run_rollups
SELECT r.suite, r.scenario, r.tier, r.agent, COALESCE(r.model, ''), (r.model IS NULL), r.status, COALESCE(r.specialist_name, ''),
  COUNT(*), COALESCE(SUM(r.is_successful), 0),
  COUNT(r.weighted_score), COALESCE(SUM(r.weighted_score), 0), COALESCE(SUM(r.weighted_score * r.weighted_score), 0),
  MIN(r.weighted_score), MAX(r.weighted_score),
  COUNT(r.total_score), COALESCE(SUM(r.total_score), 0),
  COUNT(t.duration_ms), COALESCE(SUM(t.duration_ms), 0),
  COUNT(t.cost_usd), COALESCE(SUM(t.cost_usd), 0), COALESCE(SUM(t.judge_cost_usd), 0),
  COALESCE(SUM(t.cost_usd + COALESCE(t.judge_cost_usd, 0)), 0),
  COALESCE(SUM(t.tokens_in), 0), COALESCE(SUM(t.tokens_out), 0),
  COALESCE(SUM(t.cache_read_tokens), 0), COALESCE(SUM(t.cache_write_tokens), 0),
  COALESCE(SUM(CASE WHEN r.weighted_score < 3 THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN r.weighted_score >= 3 AND r.weighted_score < 5 THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN r.weighted_score >= 5 AND r.weighted_score < 7 THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN r.weighted_score >= 7 AND r.weighted_score < 9 THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN r.weighted_score >= 9 THEN 1 ELSE 0 END), 0)
FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
GROUP BY r.suite, r.scenario, r.tier, r.agent, COALESCE(r.model, ''), (r.model IS NULL), r.status,
  COALESCE(r.specialist_name, '');

INSERT INTO evaluation_rollups
SELECT e.evaluator_name, r.suite, r.scenario, r.tier, r.agent, COALESCE(r.model, ''), (r.model IS NULL), r.status, COALESCE(r.specialist_name, ''),
  COUNT(*),
  COALESCE(SUM(CASE WHEN e.status = 'ok' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN e.status = 'skipped' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN e.status = 'error' THEN 1 ELSE 0 END), 0),
  COUNT(CASE WHEN e.status = 'ok' AND e.max_score > 0 THEN 1 END),
  COALESCE(SUM(CASE WHEN e.status = 'ok' AND e.max_score > 0 THEN e.score / e.max_score END), 0),
  MIN(CASE WHEN e.status = 'ok' AND e.max_score > 0 THEN e.score / e.max_score END),
  MAX(CASE WHEN e.status = 'ok' AND e.max_score > 0 THEN e.score / e.max_score END),
  COALESCE(SUM(CASE WHEN e.status = 'ok' AND e.max_score > 0 AND e.score >= e.max_score THEN 1 ELSE 0 END), 0)
FROM evaluation_results e JOIN benchmark_runs r ON r.run_id = e.run_id
GROUP BY e.evaluator_name, r.suite, r.scenario, r.tier, r.agent, COALESCE(r.model, ''), (r.model IS NULL), r.status,
  COALESCE(r.specialist_name, '');
