-- ze result store. Table and column names follow the upstream ze-benchmarks D1 schema
-- (batch_runs in camelCase, the others in snake_case) so that its data and queries carry over.

CREATE TABLE IF NOT EXISTS batch_runs (
  batchId TEXT PRIMARY KEY NOT NULL,
  createdAt INTEGER NOT NULL,
  completedAt INTEGER,
  metadata TEXT,
  updatedAt INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_batches_created ON batch_runs (createdAt DESC, batchId DESC);

CREATE TABLE IF NOT EXISTS benchmark_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL UNIQUE,
  batchId TEXT REFERENCES batch_runs (batchId),
  suite TEXT NOT NULL,
  scenario TEXT NOT NULL,
  tier TEXT NOT NULL,
  agent TEXT NOT NULL,
  model TEXT,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  completed_at TEXT,
  total_score REAL,
  weighted_score REAL,
  is_successful INTEGER NOT NULL DEFAULT 0,
  success_metric REAL,
  specialist_enabled INTEGER NOT NULL DEFAULT 0,
  specialist_name TEXT,
  specialist_version TEXT,
  metadata TEXT,
  repeat_index INTEGER,
  resolved_model TEXT,
  agent_version TEXT,
  failure_reason TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_runs_started ON benchmark_runs (started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_runs_suite_scenario ON benchmark_runs (suite, scenario);
CREATE INDEX IF NOT EXISTS idx_runs_scenario ON benchmark_runs (scenario);
CREATE INDEX IF NOT EXISTS idx_runs_agent_model ON benchmark_runs (agent, model);
CREATE INDEX IF NOT EXISTS idx_runs_model ON benchmark_runs (model);
CREATE INDEX IF NOT EXISTS idx_runs_tier ON benchmark_runs (tier);
CREATE INDEX IF NOT EXISTS idx_runs_status ON benchmark_runs (status);
CREATE INDEX IF NOT EXISTS idx_runs_is_successful ON benchmark_runs (is_successful);
CREATE INDEX IF NOT EXISTS idx_runs_batch ON benchmark_runs (batchId, started_at);

CREATE TABLE IF NOT EXISTS evaluation_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES benchmark_runs (run_id),
  evaluator_name TEXT NOT NULL,
  score REAL NOT NULL,
  max_score REAL NOT NULL,
  details TEXT,
  status TEXT NOT NULL DEFAULT 'ok',
  weight REAL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_evals_run_id ON evaluation_results (run_id);
CREATE INDEX IF NOT EXISTS idx_evals_evaluator ON evaluation_results (evaluator_name);

CREATE TABLE IF NOT EXISTS run_telemetry (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL UNIQUE REFERENCES benchmark_runs (run_id),
  tool_calls INTEGER,
  tokens_in INTEGER,
  tokens_out INTEGER,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  cost_usd REAL,
  judge_cost_usd REAL,
  judge_tokens_in INTEGER,
  judge_tokens_out INTEGER,
  duration_ms REAL,
  workspace_dir TEXT,
  prompt_sent TEXT
);

CREATE TABLE IF NOT EXISTS run_artifacts (
  run_id TEXT NOT NULL REFERENCES benchmark_runs (run_id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  stored_bytes INTEGER NOT NULL,
  truncated INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, name)
);
