// Ingest floor (e): bare node:http and one better-sqlite3 transaction (WAL, as ze's SQLite client opens it) storing
// what ze stores for one run, with no validation and no rollups. Started by ingest.bench.ts with
//   node sqlite-http.mjs <better-sqlite3 directory> <migrated database file> <port>
import { createServer } from "node:http"
import { createRequire } from "node:module"
import { join } from "node:path"

const [driverDirectory, filename, port] = process.argv.slice(2)
const Database = createRequire(join(driverDirectory, "package.json"))("better-sqlite3")
const db = new Database(filename)
db.pragma("journal_mode = WAL")

const insertBatch = db.prepare(
  "INSERT INTO batch_runs (batchId, createdAt, updatedAt) VALUES (?, ?, ?) ON CONFLICT (batchId) DO NOTHING"
)
const insertRun = db.prepare(`INSERT INTO benchmark_runs (run_id, batchId, suite, scenario, tier, agent, model, status,
  started_at, completed_at, total_score, weighted_score, is_successful, success_metric, metadata, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
const insertEvaluation = db.prepare(`INSERT INTO evaluation_results (run_id, evaluator_name, score, max_score, details,
  status, weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
const insertTelemetry = db.prepare(`INSERT INTO run_telemetry (run_id, tool_calls, tokens_in, tokens_out, cost_usd,
  duration_ms, workspace_dir, prompt_sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
const json = (value) => (value === undefined || value === null ? null : JSON.stringify(value))

const store = db.transaction((run) => {
  const now = new Date().toISOString()
  const t = run.telemetry ?? {}
  insertBatch.run(run.batchId, Date.parse(run.startedAt), Date.now())
  insertRun.run(
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
  )
  for (const e of run.evaluations ?? []) {
    insertEvaluation.run(
      run.runId,
      e.evaluatorName,
      e.score,
      e.maxScore,
      e.details ?? null,
      e.status ?? "ok",
      e.weight ?? null,
      now
    )
  }
  insertTelemetry.run(
    run.runId,
    t.toolCalls ?? null,
    t.tokensIn ?? null,
    t.tokensOut ?? null,
    t.costUsd ?? null,
    t.durationMs ?? null,
    t.workspaceDir ?? null,
    t.promptSent ?? null
  )
})

const answer = (response, status, body) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

createServer((request, response) => {
  if (request.method !== "POST") return answer(response, 200, { status: "ok" })
  if (request.headers.authorization !== "Bearer dev-local-key") return answer(response, 403, { error: "forbidden" })
  const chunks = []
  request.on("data", (chunk) => chunks.push(chunk))
  request.on("end", () => {
    try {
      const run = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      store(run)
      answer(response, 201, { success: true, runId: run.runId, created: true })
    } catch (error) {
      answer(response, 500, { error: String(error) })
    }
  })
}).listen(Number(port), "127.0.0.1")
