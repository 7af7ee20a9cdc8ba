import type { Statement } from "@effect/sql"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { RunFilters } from "@ze/domain"
import { NoSpecialist, scoreBuckets } from "@ze/domain"
import { finishedClause } from "./SqlStatuses.js"

/**
 * The stats of the runs, kept per cell and status (`run_rollups`), per evaluator and cell (`evaluation_rollups`) and
 * per day (`run_days`) in the same atomic write as each run. A read whose filters name only cell dimensions sums a
 * few rows of these instead of scanning every run; any other read computes the very same columns from the runs.
 * The batch list's aggregates are kept per batch (`batch_rollups`) the same way.
 */

/** A cell: suite, scenario, tier, agent, model and status, and the specialist (`''` for the plain agent). */
export const cellKey = ["suite", "scenario", "tier", "agent", "model", "model_is_null", "status", "specialist"] as const

const runKeyColumns = `r.suite AS suite, r.scenario AS scenario, r.tier AS tier, r.agent AS agent,
  COALESCE(r.model, '') AS model, (r.model IS NULL) AS model_is_null, r.status AS status,
  COALESCE(r.specialist_name, '') AS specialist`
const runKeyGroup =
  "r.suite, r.scenario, r.tier, r.agent, COALESCE(r.model, ''), (r.model IS NULL), r.status, COALESCE(r.specialist_name, '')"

const buckets = scoreBuckets.map((bucket, i) => {
  const upper = i === scoreBuckets.length - 1 ? "" : ` AND r.weighted_score < ${bucket.upper}`
  return `COALESCE(SUM(CASE WHEN r.weighted_score >= ${bucket.lower}${upper} THEN 1 ELSE 0 END), 0) AS b${i}`
})

/** What a set of runs adds to its cell's row: over `benchmark_runs r LEFT JOIN run_telemetry t`, grouped by cell. */
const runMetrics = {
  runs: "COUNT(*)",
  successful: "COALESCE(SUM(r.is_successful), 0)",
  scored: "COUNT(r.weighted_score)",
  sum_score: "COALESCE(SUM(r.weighted_score), 0)",
  sum_sq_score: "COALESCE(SUM(r.weighted_score * r.weighted_score), 0)",
  min_score: "MIN(r.weighted_score)",
  max_score: "MAX(r.weighted_score)",
  total_scored: "COUNT(r.total_score)",
  sum_total: "COALESCE(SUM(r.total_score), 0)",
  timed: "COUNT(t.duration_ms)",
  sum_duration: "COALESCE(SUM(t.duration_ms), 0)",
  priced: "COUNT(t.cost_usd)",
  sum_cost: "COALESCE(SUM(t.cost_usd), 0)",
  sum_judge_cost: "COALESCE(SUM(t.judge_cost_usd), 0)",
  sum_priced_total: "COALESCE(SUM(t.cost_usd + COALESCE(t.judge_cost_usd, 0)), 0)",
  tokens_in: "COALESCE(SUM(t.tokens_in), 0)",
  tokens_out: "COALESCE(SUM(t.tokens_out), 0)",
  cache_read: "COALESCE(SUM(t.cache_read_tokens), 0)",
  cache_write: "COALESCE(SUM(t.cache_write_tokens), 0)"
} as const

/** What a set of runs adds to its batch's row: over `benchmark_runs r LEFT JOIN run_telemetry t`, grouped by batch. */
const batchMetrics = {
  runs: "COUNT(*)",
  successful: "COALESCE(SUM(r.is_successful), 0)",
  finished: `COALESCE(SUM(CASE WHEN ${finishedClause("r")} THEN 1 ELSE 0 END), 0)`,
  total_scored: runMetrics.total_scored,
  sum_total: runMetrics.sum_total,
  scored: runMetrics.scored,
  sum_score: runMetrics.sum_score,
  timed: runMetrics.timed,
  sum_duration: runMetrics.sum_duration,
  priced: runMetrics.priced,
  sum_priced_total: runMetrics.sum_priced_total
} as const
const selectBatch = `r.batchId AS batchId, ${
  Object.entries(batchMetrics).map(([name, expression]) => `${expression} AS ${name}`).join(", ")
}`

const share = "e.status = 'ok' AND e.max_score > 0"
const evaluationMetrics = {
  evaluations: "COUNT(*)",
  scored: "COALESCE(SUM(CASE WHEN e.status = 'ok' THEN 1 ELSE 0 END), 0)",
  skipped: "COALESCE(SUM(CASE WHEN e.status = 'skipped' THEN 1 ELSE 0 END), 0)",
  errors: "COALESCE(SUM(CASE WHEN e.status = 'error' THEN 1 ELSE 0 END), 0)",
  shares: `COUNT(CASE WHEN ${share} THEN 1 END)`,
  sum_share: `COALESCE(SUM(CASE WHEN ${share} THEN e.score / e.max_score END), 0)`,
  min_share: `MIN(CASE WHEN ${share} THEN e.score / e.max_score END)`,
  max_share: `MAX(CASE WHEN ${share} THEN e.score / e.max_score END)`,
  passed: `COALESCE(SUM(CASE WHEN ${share} AND e.score >= e.max_score THEN 1 ELSE 0 END), 0)`
} as const

const extremes = new Set(["min_score", "max_score", "min_share", "max_share"])
const bucketNames = scoreBuckets.map((_, i) => `b${i}`)
const runColumnNames = [...cellKey, ...Object.keys(runMetrics), ...bucketNames]
const evaluationColumnNames = ["evaluator_name", ...cellKey, ...Object.keys(evaluationMetrics)]

const selectRuns = `${runKeyColumns}, ${
  Object.entries(runMetrics).map(([name, expression]) => `${expression} AS ${name}`).join(", ")
},
  ${buckets.join(", ")}`
const selectEvaluations = `e.evaluator_name AS evaluator_name, ${runKeyColumns},
  ${Object.entries(evaluationMetrics).map(([name, expression]) => `${expression} AS ${name}`).join(", ")}`

/** `(a, b) IN (SELECT …)` on the cell key of `table`. */
const keyIn = (table: string, columns: ReadonlyArray<string>) => `(${columns.map((c) => `${table}.${c}`).join(", ")})`

/** Adding merges counts and sums; extremes take the smaller or larger of two, either of which may be missing. */
const merge = (table: string, name: string) => {
  if (!extremes.has(name)) return `${name} = ${table}.${name} + excluded.${name}`
  const pick = name.startsWith("min") ? "MIN" : "MAX"
  return `${name} = CASE WHEN ${table}.${name} IS NULL THEN excluded.${name} WHEN excluded.${name} IS NULL THEN ${table}.${name}
    ELSE ${pick}(${table}.${name}, excluded.${name}) END`
}

const sameCell = (alias: string, table: string) =>
  `${alias}.suite = ${table}.suite AND ${alias}.scenario = ${table}.scenario AND ${alias}.tier = ${table}.tier
    AND ${alias}.agent = ${table}.agent AND ${alias}.status = ${table}.status
    AND COALESCE(${alias}.model, '') = ${table}.model AND (${alias}.model IS NULL) = ${table}.model_is_null
    AND COALESCE(${alias}.specialist_name, '') = ${table}.specialist`

/** The run's contribution to its batch's row (none for a run outside any batch). */
const batchOf = (sql: SqlClient, runId: string) =>
  sql`SELECT ${sql.literal(selectBatch)} FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
    WHERE r.run_id = ${runId} AND r.batchId IS NOT NULL GROUP BY r.batchId`

/**
 * Statements that take a run's current contribution out of the rollups; they run before the run is replaced.
 * A cell's extremes cannot be subtracted, so the old cell recomputes them from its other runs (an indexed lookup,
 * only when the run existed).
 */
export const retractRun = (sql: SqlClient, runId: string): ReadonlyArray<Statement.Statement<unknown>> => {
  const counted = Object.keys(runMetrics).filter((name) => !extremes.has(name))
  const old = sql`SELECT ${
    sql.literal(selectRuns)
  } FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
    WHERE r.run_id = ${runId} GROUP BY ${sql.literal(runKeyGroup)}`
  const oldEvaluations = sql`SELECT ${sql.literal(selectEvaluations)}
    FROM evaluation_results e JOIN benchmark_runs r ON r.run_id = e.run_id
    WHERE e.run_id = ${runId} GROUP BY e.evaluator_name, ${sql.literal(runKeyGroup)}`
  const oldKey = sql`SELECT ${sql.literal(cellKey.map((c) => `o.${c}`).join(", "))} FROM (${old}) o`
  const evaluationCounted = Object.keys(evaluationMetrics).filter((name) => !extremes.has(name))
  const otherShares = (pick: "MIN" | "MAX") =>
    sql`(SELECT ${sql.literal(pick)}(CASE WHEN ${
      sql.literal(share)
    } THEN e.score / e.max_score END) FROM benchmark_runs x
      JOIN evaluation_results e ON e.run_id = x.run_id
      WHERE ${sql.literal(sameCell("x", "g"))} AND e.evaluator_name = g.evaluator_name AND x.run_id <> ${runId})`
  return [
    sql`UPDATE run_rollups AS g SET ${sql.literal(counted.map((name) => `${name} = g.${name} - o.${name}`).join(", "))},
      ${sql.literal(bucketNames.map((name) => `${name} = g.${name} - o.${name}`).join(", "))},
      min_score = (SELECT MIN(x.weighted_score) FROM benchmark_runs x WHERE ${
      sql.literal(sameCell("x", "g"))
    } AND x.run_id <> ${runId}),
      max_score = (SELECT MAX(x.weighted_score) FROM benchmark_runs x WHERE ${
      sql.literal(sameCell("x", "g"))
    } AND x.run_id <> ${runId})
      FROM (${old}) AS o WHERE ${sql.literal(cellKey.map((c) => `g.${c} = o.${c}`).join(" AND "))}`,
    sql`DELETE FROM run_rollups WHERE runs <= 0 AND ${sql.literal(keyIn("run_rollups", cellKey))} IN (${oldKey})`,
    sql`UPDATE evaluation_rollups AS g SET ${
      sql.literal(evaluationCounted.map((name) => `${name} = g.${name} - o.${name}`).join(", "))
    },
      min_share = ${otherShares("MIN")}, max_share = ${otherShares("MAX")}
      FROM (${oldEvaluations}) AS o
      WHERE g.evaluator_name = o.evaluator_name AND ${
      sql.literal(cellKey.map((c) => `g.${c} = o.${c}`).join(" AND "))
    }`,
    sql`DELETE FROM evaluation_rollups WHERE evaluations <= 0 AND ${
      sql.literal(keyIn("evaluation_rollups", cellKey))
    } IN (${oldKey})`,
    sql`UPDATE run_days AS g SET runs = g.runs - o.runs, successful = g.successful - o.successful,
        scored = g.scored - o.scored, sum_score = g.sum_score - o.sum_score
      FROM (SELECT substr(r.started_at, 1, 10) AS day, ${
      sql.literal(
        ["runs", "successful", "scored", "sum_score"].map((n) => `${runMetrics[n as keyof typeof runMetrics]} AS ${n}`)
          .join(", ")
      )
    }
        FROM benchmark_runs r WHERE r.run_id = ${runId} GROUP BY day) AS o WHERE g.day = o.day`,
    sql`DELETE FROM run_days WHERE runs <= 0 AND day IN (SELECT substr(started_at, 1, 10) FROM benchmark_runs WHERE run_id = ${runId})`,
    sql`UPDATE batch_rollups AS g SET ${
      sql.literal(Object.keys(batchMetrics).map((name) => `${name} = g.${name} - o.${name}`).join(", "))
    }
      FROM (${batchOf(sql, runId)}) AS o WHERE g.batchId = o.batchId`,
    sql`DELETE FROM batch_rollups WHERE runs <= 0 AND batchId IN (SELECT batchId FROM benchmark_runs WHERE run_id = ${runId})`
  ]
}

const runMerges = [...Object.keys(runMetrics), ...bucketNames].map((name) => merge("run_rollups", name)).join(", ")
const batchMerges = Object.keys(batchMetrics).map((name) => merge("batch_rollups", name)).join(", ")
const evaluationMerges = Object.keys(evaluationMetrics).map((name) => merge("evaluation_rollups", name)).join(", ")
const dayMetrics = ["runs", "successful", "scored", "sum_score"].map((n) => runMetrics[n as keyof typeof runMetrics])
  .join(", ")

/** Statements that add a run's new contribution; they run after the run, its evaluations and telemetry are written. */
export const recordRun = (sql: SqlClient, runId: string): ReadonlyArray<Statement.Statement<unknown>> => [
  sql`INSERT INTO run_rollups (${sql.literal(runColumnNames.join(", "))})
    SELECT ${sql.literal(selectRuns)} FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
    WHERE r.run_id = ${runId} GROUP BY ${sql.literal(runKeyGroup)}
    ON CONFLICT (${sql.literal(cellKey.join(", "))}) DO UPDATE SET ${sql.literal(runMerges)}`,
  sql`INSERT INTO evaluation_rollups (${sql.literal(evaluationColumnNames.join(", "))})
    SELECT ${sql.literal(selectEvaluations)} FROM evaluation_results e JOIN benchmark_runs r ON r.run_id = e.run_id
    WHERE e.run_id = ${runId} GROUP BY e.evaluator_name, ${sql.literal(runKeyGroup)}
    ON CONFLICT (evaluator_name, ${sql.literal(cellKey.join(", "))}) DO UPDATE SET ${sql.literal(evaluationMerges)}`,
  sql`INSERT INTO run_days (day, runs, successful, scored, sum_score)
    SELECT substr(r.started_at, 1, 10), ${sql.literal(dayMetrics)}
    FROM benchmark_runs r WHERE r.run_id = ${runId} GROUP BY substr(r.started_at, 1, 10)
    ON CONFLICT (day) DO UPDATE SET runs = run_days.runs + excluded.runs, successful = run_days.successful + excluded.successful,
      scored = run_days.scored + excluded.scored, sum_score = run_days.sum_score + excluded.sum_score`,
  sql`INSERT INTO batch_rollups (batchId, ${sql.literal(Object.keys(batchMetrics).join(", "))}) ${batchOf(sql, runId)}
    ON CONFLICT (batchId) DO UPDATE SET ${sql.literal(batchMerges)}`
]

/** Reads whose filters name only cell dimensions (no batch, no time range) can be answered from the rollups. */
export const rollupsServe = (filters: RunFilters) =>
  filters.batchId === undefined && filters.from === undefined && filters.to === undefined

const rollupFilterClauses = (sql: SqlClient, filters: RunFilters, alias: string): Array<Statement.Fragment> => {
  const column = (name: string) => sql.literal(`${alias}.${name}`)
  return [
    ...(["suite", "scenario", "agent", "tier", "status"] as const).flatMap((name) =>
      filters[name] === undefined ? [] : [sql`${column(name)} = ${filters[name]}`]
    ),
    ...(filters.model === undefined
      ? []
      : [sql`${column("model")} = ${filters.model} AND ${column("model_is_null")} = 0`]),
    ...(filters.specialist === undefined
      ? []
      : [sql`${column("specialist")} = ${filters.specialist === NoSpecialist ? "" : filters.specialist}`])
  ]
}

/**
 * The rows every stats read sums: one per cell and status, with the columns of `run_rollups`. From the rollups
 * when the filters allow it, else computed from the matching runs (`runFilterClauses` over `r`).
 */
export const cellRows = (sql: SqlClient, filters: RunFilters, runClauses: ReadonlyArray<Statement.Fragment>) =>
  rollupsServe(filters)
    ? sql`SELECT * FROM run_rollups c WHERE ${sql.and(rollupFilterClauses(sql, filters, "c"))}`
    : sql`SELECT ${sql.literal(selectRuns)} FROM benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id
        WHERE ${sql.and(runClauses)} GROUP BY ${sql.literal(runKeyGroup)}`

/** The same for evaluators: one row per evaluator, cell and status. */
export const evaluationRows = (sql: SqlClient, filters: RunFilters, runClauses: ReadonlyArray<Statement.Fragment>) =>
  rollupsServe(filters)
    ? sql`SELECT * FROM evaluation_rollups c WHERE ${sql.and(rollupFilterClauses(sql, filters, "c"))}`
    : sql`SELECT ${
      sql.literal(selectEvaluations)
    } FROM evaluation_results e JOIN benchmark_runs r ON r.run_id = e.run_id
        WHERE ${sql.and(runClauses)} GROUP BY e.evaluator_name, ${sql.literal(runKeyGroup)}`

/** Days with runs, from `run_days` when nothing is filtered. */
export const dayRows = (sql: SqlClient, filters: RunFilters, runClauses: ReadonlyArray<Statement.Fragment>) =>
  Object.values(filters).every((value) => value === undefined)
    ? sql`SELECT day, runs, successful, scored, sum_score FROM run_days`
    : sql`SELECT substr(r.started_at, 1, 10) AS day, ${
      sql.literal(
        ["runs", "successful", "scored", "sum_score"].map((n) => `${runMetrics[n as keyof typeof runMetrics]} AS ${n}`)
          .join(", ")
      )
    }
        FROM benchmark_runs r WHERE ${sql.and(runClauses)} GROUP BY substr(r.started_at, 1, 10)`
