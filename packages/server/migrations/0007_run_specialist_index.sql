-- GET /api/runs?specialist=NAME walks the newest runs of that specialist and stops at the page's end. Partial: only
-- specialist runs are indexed, so a plain run's write pays nothing for it (`specialist=none` walks the newest runs).
CREATE INDEX IF NOT EXISTS idx_runs_specialist_started ON benchmark_runs (specialist_name, started_at DESC, id DESC)
  WHERE specialist_name IS NOT NULL;
