/**
 * A store of N runs written straight into SQLite as `POST /api/results` would store them: the seeding of
 * dashboard.bench.ts (same generator, same seed, same rollup backfill), usable on a fresh file or on the SQLite file
 * of a local D1 that wrangler already migrated.
 */
import { createHash } from "node:crypto"
import { readdirSync, readFileSync, realpathSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { migrationsDirectory, rollupBackfill, splitSqlStatements } from "../../src/index.js"
import { root } from "./Processes.js"

export interface Statement {
  run(...parameters: ReadonlyArray<unknown>): unknown
  get(...parameters: ReadonlyArray<unknown>): unknown
}
export interface Database {
  exec(source: string): void
  prepare(source: string): Statement
  pragma(source: string): unknown
  transaction<A extends ReadonlyArray<unknown>>(body: (...args: A) => void): (...args: A) => void
  close(): void
}

/** The folder better-sqlite3 is required from: the server's own, the driver `ze serve` opens its store with. */
export const driverDirectory = () => realpathSync(join(root, "packages", "server"))

export const openDatabase = (filename: string): Database => {
  const BetterSqlite3 = createRequire(join(driverDirectory(), "package.json"))("better-sqlite3") as new(
    filename: string
  ) => Database
  return new BetterSqlite3(filename)
}

const migrationFiles = () => readdirSync(migrationsDirectory).filter((file) => /^\d+_.+\.sql$/.test(file)).sort()

/** Applies every migration and records them as the server's Migrator does, so it has nothing left to apply. */
export const migrateSqlite = (db: Database) => {
  const migrations = migrationFiles()
  for (const file of migrations) {
    for (const statement of splitSqlStatements(readFileSync(join(migrationsDirectory, file), "utf8"))) {
      db.exec(statement)
    }
  }
  db.exec(`CREATE TABLE IF NOT EXISTS ze_migrations (migration_id integer PRIMARY KEY NOT NULL,
    created_at datetime NOT NULL DEFAULT current_timestamp, name VARCHAR(255) NOT NULL)`)
  const recordMigration = db.prepare("INSERT INTO ze_migrations (migration_id, name) VALUES (?, ?)")
  for (const file of migrations) {
    const [, id, name] = file.match(/^(\d+)_(.+)\.sql$/)!
    recordMigration.run(Number(id), name)
  }
}

export const countRows = (filename: string, table: string) => {
  const db = openDatabase(filename)
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** The store's shape, printed beside the figures measured over it. */
export const storeShape = () =>
  `${runsPerBatch} runs a batch, ${groups.length} agent×model groups, ${scenarios.length} scenarios, ${tiers.length} tiers, ` +
  `${evaluators.length} evaluations a scored run, telemetry on every run`

const runsPerBatch = 100
const groups: ReadonlyArray<
  readonly [agent: string, model: string | null, usdPerMTokIn: number | null, passRate: number]
> = [
  ["claude-code", "claude-sonnet-4-5", 3, 0.72],
  ["claude-code", "claude-opus-4-1", 15, 0.78],
  ["codex", "gpt-5", 1.25, 0.7],
  ["codex", "gpt-5-mini", 0.25, 0.55],
  ["opencode", "claude-sonnet-4-5", 3, 0.66],
  ["opencode", "qwen3-coder", null, 0.45], // unpriced: cost stays null, as the harness stores it
  ["echo", null, null, 0.05],
  ["oracle", null, null, 0.97]
]
const suites = ["core", "refactor", "bugfix", "frontend"]
const scenarios = Array.from(
  { length: 20 },
  (_, i) => ({ suite: suites[Math.floor(i / 5)]!, name: `task-${String(i % 5 + 1).padStart(2, "0")}` })
)
const tiers = ["L0", "L1", "L2"]
const evaluators = [["validation", 0.5], ["heuristics", 0.2], ["llm-judge", 0.3]] as const
const failures = ["agent_error", "infra_error", "timeout", "budget_exceeded", "cancelled"] as const
/** Cells vary the agent×model fastest, then the tier, then the scenario: a batch of 100 covers every group. */
const cellCount = groups.length * tiers.length * scenarios.length

/** mulberry32: the same store on every run of the bench. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const prompt = JSON.stringify([{
  role: "user",
  content: "You are working in a copy of a TypeScript repository. Make the failing tests in test/ pass without " +
    "changing them. Keep the public API as it is, run the test command before you finish, and explain what you " +
    "changed in one paragraph. ".repeat(4)
}])
const diffArtifact = Array.from(
  { length: 40 },
  (_, i) =>
    `diff --git a/src/module-${i}.ts b/src/module-${i}.ts\n@@ -1,3 +1,3 @@\n-export const value = ${i}\n+export const value = ${
      i + 1
    }\n`
).join("")
const transcriptArtifact = JSON.stringify(
  {
    version: 1,
    agent: "claude-code",
    model: "claude-sonnet-4-5",
    steps: Array.from(
      { length: 30 },
      (_, i) => ({
        kind: "tool",
        name: i % 2 === 0 ? "readFile" : "runCommand",
        input: { path: `src/module-${i}.ts` },
        output: "ok ".repeat(40)
      })
    )
  },
  null,
  2
)
const commandsArtifact = "$ pnpm test\n" + "✓ test/module.test.ts (12 tests) 41ms\n".repeat(12)

export interface Seeded {
  readonly runs: number
  /** Rows of `run_rollups` (a cell and status each): what the stats reads sum, bounded by the cells, not the runs. */
  readonly cellRows: number
  readonly seedMs: number
  readonly newestBatch: string
  readonly previousBatch: string
  readonly runWithArtifacts: string
  readonly agent: string
}

/**
 * Writes `runs` runs. A fresh file is migrated first; a local D1's file (`alreadyMigrated`, migrated by wrangler) keeps
 * the journal mode workerd chose.
 */
export const seed = (filename: string, runs: number, options: { readonly alreadyMigrated?: boolean } = {}): Seeded => {
  const started = performance.now()
  const db = openDatabase(filename)
  if (!options.alreadyMigrated) db.pragma("journal_mode = WAL")
  db.pragma("synchronous = OFF")
  if (!options.alreadyMigrated) migrateSqlite(db)

  const insertBatch = db.prepare(`INSERT INTO batch_runs (batchId, createdAt, completedAt, metadata, updatedAt)
    VALUES (?, ?, ?, ?, ?)`)
  const insertRun = db.prepare(`INSERT INTO benchmark_runs (run_id, batchId, suite, scenario, tier, agent, model,
    status, started_at, completed_at, total_score, weighted_score, is_successful, success_metric, specialist_enabled,
    specialist_name, specialist_version, metadata, repeat_index, resolved_model, agent_version, failure_reason,
    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertEvaluation = db.prepare(`INSERT INTO evaluation_results (run_id, evaluator_name, score, max_score,
    details, status, weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertTelemetry = db.prepare(`INSERT INTO run_telemetry (run_id, tool_calls, tokens_in, tokens_out,
    cache_read_tokens, cache_write_tokens, cost_usd, judge_cost_usd, judge_tokens_in, judge_tokens_out, duration_ms,
    workspace_dir, prompt_sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertArtifact = db.prepare(`INSERT INTO run_artifacts (run_id, name, content_type, content, size_bytes,
    stored_bytes, truncated, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`)
  const completeBatch = db.prepare("UPDATE batch_runs SET completedAt = ?, updatedAt = ? WHERE batchId = ?")

  const rand = random(runs)
  const batches = Math.ceil(runs / runsPerBatch)
  const end = Date.now() - 3_600_000
  const span = 90 * 86_400_000
  const ids: Array<{ batchId: string; firstRun: string }> = []

  const writeBatch = db.transaction((b: number) => {
    const createdAt = Math.round(end - span + (b * span) / batches)
    const batchId = `batch-${createdAt}-${Math.floor(rand() * 36 ** 9).toString(36).padStart(9, "0")}`
    const size = Math.min(runsPerBatch, runs - b * runsPerBatch)
    // Batches come in pairs over the same cells, so consecutive batches compare cell by cell.
    const offset = ((b >> 1) * runsPerBatch) % cellCount
    const cells = Array.from({ length: size }, (_, i) => {
      const k = (offset + i) % cellCount
      const [agent, model, price, passRate] = groups[k % groups.length]!
      return {
        agent,
        model,
        price,
        passRate,
        tier: tiers[Math.floor(k / groups.length) % tiers.length]!,
        scenario: scenarios[Math.floor(k / (groups.length * tiers.length))]!
      }
    })
    insertBatch.run(
      batchId,
      createdAt,
      null,
      JSON.stringify({
        suites: [...new Set(cells.map((c) => c.scenario.suite))],
        scenarios: [...new Set(cells.map((c) => `${c.scenario.suite}/${c.scenario.name}`))],
        tiers: [...new Set(cells.map((c) => c.tier))],
        agents: [...new Set(cells.map((c) => c.agent))].map((agent) => ({
          agent,
          models: [...new Set(cells.filter((c) => c.agent === agent).map((c) => c.model))]
        })),
        repeats: 1,
        cells: size,
        skippedCombinations: []
      }),
      createdAt
    )
    let completedAt = createdAt
    cells.forEach((cell, i) => {
      const { agent, model, price, passRate, tier, scenario } = cell
      const runId = `run-${
        createHash("sha256").update(JSON.stringify([batchId, scenario.suite, scenario.name, tier, agent, model, 0]))
          .digest("hex").slice(0, 32)
      }`
      const startedAt = createdAt + i * 1500
      const durationMs = Math.round(20_000 + rand() * 280_000)
      completedAt = Math.max(completedAt, startedAt + durationMs)
      const roll = rand()
      const status = roll < passRate
        ? "passed"
        : roll < passRate + (1 - passRate) * 0.8
        ? "failed"
        : failures[Math.floor(rand() * failures.length)]!
      const scored = status === "passed" || status === "failed"
      const weighted = !scored ? null : status === "passed" ? 7 + rand() * 3 : rand() * 7
      const now = new Date(startedAt + durationMs + 50).toISOString()
      insertRun.run(
        runId,
        batchId,
        scenario.suite,
        scenario.name,
        tier,
        agent,
        model,
        status,
        new Date(startedAt).toISOString(),
        new Date(startedAt + durationMs).toISOString(),
        weighted === null ? null : weighted * 0.9,
        weighted,
        status === "passed" ? 1 : 0,
        weighted === null ? null : weighted / 10,
        0,
        null,
        null,
        JSON.stringify({
          scenarioId: `${scenario.suite}-${scenario.name}`,
          title: `Fix ${scenario.name} in ${scenario.suite}`,
          stage: scored ? "scoring" : "agent",
          passThreshold: 7,
          filesChanged: Math.floor(rand() * 8),
          linesAdded: Math.floor(rand() * 200),
          linesRemoved: Math.floor(rand() * 80),
          oracleQuestions: [],
          commands: [{
            name: "test",
            command: "pnpm test",
            exitCode: status === "passed" ? 0 : 1,
            durationMs: 4200,
            timedOut: false
          }],
          heuristicChecks: [{ name: "no-skipped-tests", passed: true }],
          integrityFindings: [],
          workspaceCopyMs: 14
        }),
        0,
        model,
        "1.0.0",
        scored ? null : `${status}: the agent stopped early`,
        now
      )
      if (scored) {
        evaluators.forEach(([name, weight], e) => {
          const judged = name !== "llm-judge" || rand() > 0.1
          const score = status === "passed" ? 0.7 + rand() * 0.3 : rand() * 0.7
          insertEvaluation.run(
            runId,
            name,
            judged ? score : 0,
            1,
            judged ? `${name}: ${Math.round(score * 12)}/12 checks` : "no judge configured",
            judged ? "ok" : "skipped",
            weight,
            new Date(startedAt + durationMs + e).toISOString()
          )
        })
      }
      const tokensIn = agent === "echo" || agent === "oracle" ? null : Math.round(5_000 + rand() * 195_000)
      const tokensOut = tokensIn === null ? null : Math.round(tokensIn * (0.02 + rand() * 0.08))
      const cost = tokensIn === null
        ? (agent === "oracle" ? 0 : null)
        : price === null
        ? null
        : (tokensIn * price + tokensOut! * price * 5) / 1e6
      insertTelemetry.run(
        runId,
        Math.floor(rand() * 60),
        tokensIn,
        tokensOut,
        tokensIn === null ? null : Math.round(tokensIn * 0.6),
        tokensIn === null ? null : Math.round(tokensIn * 0.1),
        cost,
        scored ? 0.002 : null,
        scored ? 3_000 : null,
        scored ? 300 : null,
        durationMs,
        `/tmp/ze-workspaces/${runId}`,
        prompt
      )
      if (i === 0) {
        for (
          const [name, type, content] of [["commands.log", "text/plain", commandsArtifact], [
            "diff.patch",
            "text/x-diff",
            diffArtifact
          ], ["transcript.json", "application/json", transcriptArtifact]] as const
        ) {
          insertArtifact.run(runId, name, type, content, Buffer.byteLength(content), Buffer.byteLength(content), now)
        }
        ids.push({ batchId, firstRun: runId })
      }
    })
    completeBatch.run(completedAt, completedAt, batchId)
  })
  for (let b = 0; b < batches; b++) writeBatch(b)
  // The rows went in below the API, so the rollups it keeps in each write are filled as the rollup migration fills
  // them for a store that already holds runs.
  for (const statement of rollupBackfill().values()) db.exec(statement)
  const cellRows = (db.prepare("SELECT COUNT(*) AS n FROM run_rollups").get() as { n: number }).n
  db.close()
  return {
    cellRows,
    runs,
    seedMs: performance.now() - started,
    newestBatch: ids.at(-1)!.batchId,
    previousBatch: ids.at(-2)!.batchId,
    runWithArtifacts: ids.at(-1)!.firstRun,
    agent: groups[0]![0]
  }
}

// ---------------------------------------------------------------------------------------------------------------
