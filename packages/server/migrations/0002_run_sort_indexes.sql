-- Keyset pages of GET /api/runs?sort=score-desc|score-asc walk these instead of sorting every run.
-- The expressions must match the ORDER BY of RunOrder.ts exactly (missing scores sort last either way).
CREATE INDEX IF NOT EXISTS idx_runs_score_desc ON benchmark_runs (COALESCE(weighted_score, -1), id);
CREATE INDEX IF NOT EXISTS idx_runs_score_asc ON benchmark_runs (COALESCE(weighted_score, 11), id);
