-- GET /api/runs with a filter walks the newest runs of that agent, model or status and stops at the page's end,
-- instead of collecting every matching run and sorting it.
CREATE INDEX IF NOT EXISTS idx_runs_agent_started ON benchmark_runs (agent, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_runs_model_started ON benchmark_runs (model, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_runs_status_started ON benchmark_runs (status, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_runs_suite_started ON benchmark_runs (suite, scenario, started_at DESC, id DESC);
