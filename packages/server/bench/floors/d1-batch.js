// Ingest floor (c): a bare Worker that stores what ze stores for one run (its batch, the run row, its evaluations, its
// telemetry) in one raw D1Database.batch, with no validation, no rollups and no framework. Started by ingest.bench.ts.
const json = (value) => (value === undefined || value === null ? null : JSON.stringify(value))

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return new Response("ok")
    if (request.headers.get("authorization") !== "Bearer dev-local-key") {
      return new Response("forbidden", { status: 403 })
    }
    const run = await request.json()
    const now = new Date().toISOString()
    const t = run.telemetry ?? {}
    const db = env.DB
    await db.batch([
      db.prepare(
        "INSERT INTO batch_runs (batchId, createdAt, updatedAt) VALUES (?, ?, ?) ON CONFLICT (batchId) DO NOTHING"
      )
        .bind(run.batchId, Date.parse(run.startedAt), Date.now()),
      db.prepare(`INSERT INTO benchmark_runs (run_id, batchId, suite, scenario, tier, agent, model, status, started_at,
          completed_at, total_score, weighted_score, is_successful, success_metric, metadata, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .bind(
          run.runId,
          run.batchId,
          run.suite,
          run.scenario,
          run.tier,
          run.agent,
          run.model ?? null,
          run.status,
          run.startedAt,
          run.completedAt ?? null,
          run.totalScore ?? null,
          run.weightedScore ?? null,
          run.isSuccessful ? 1 : 0,
          run.successMetric ?? null,
          json(run.metadata),
          now
        ),
      ...(run.evaluations ?? []).map((e) =>
        db.prepare(`INSERT INTO evaluation_results (run_id, evaluator_name, score, max_score, details, status, weight,
            created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
          .bind(
            run.runId,
            e.evaluatorName,
            e.score,
            e.maxScore,
            e.details ?? null,
            e.status ?? "ok",
            e.weight ?? null,
            now
          )
      ),
      db.prepare(`INSERT INTO run_telemetry (run_id, tool_calls, tokens_in, tokens_out, cost_usd, duration_ms,
          workspace_dir, prompt_sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .bind(
          run.runId,
          t.toolCalls ?? null,
          t.tokensIn ?? null,
          t.tokensOut ?? null,
          t.costUsd ?? null,
          t.durationMs ?? null,
          t.workspaceDir ?? null,
          t.promptSent ?? null
        )
    ])
    return Response.json({ success: true, runId: run.runId, created: true }, { status: 201 })
  }
}
