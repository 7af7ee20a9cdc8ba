import { SqlClient } from "@effect/sql"
import type { RunFilters } from "@ze/domain"
import {
  CostByAgentModel,
  CostStats,
  GlobalStats,
  StatusCount,
  upstreamEvaluatorStats,
  wilsonInterval
} from "@ze/domain"
import { Context, Effect, Layer, Schema } from "effect"
import { rollUpGroups } from "./GroupRollup.js"
import { cellRows, evaluationRows } from "./Rollups.js"
import { cellMetricColumns, CellMetricsRow, cellModel, evaluatorColumns, EvaluatorStatsFromRow } from "./Rows.js"
import { runFilterClauses } from "./SqlFilters.js"
import { finishedClause } from "./SqlStatuses.js"

/**
 * The dimensions runs can be grouped by, as fixed column lists (never user input). ze's own agent×model groups keep
 * a specialist apart from the agent it wraps (it is another configuration, as in the bench matrix); `agents` keeps
 * upstream's one row per agent.
 */
export const Groupings = {
  agents: ["agent"],
  models: ["model"],
  agentModels: ["agent", "model", "specialist"],
  agentModelTiers: ["agent", "model", "specialist", "tier"],
  suites: ["suite"],
  scenarios: ["suite", "scenario"],
  tiers: ["tier"]
} as const satisfies Record<
  string,
  ReadonlyArray<"agent" | "model" | "suite" | "scenario" | "tier" | "specialist">
>
export type Grouping = keyof typeof Groupings

const sum = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0)

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const cells = (filters: RunFilters) => cellRows(sql, filters, runFilterClauses(sql, filters))

  const evaluators = Effect.fnUntraced(function*(filters: RunFilters) {
    return yield* sql`SELECT ${sql.literal(evaluatorColumns)}
      FROM (${evaluationRows(sql, filters, runFilterClauses(sql, filters))}) c
      GROUP BY c.evaluator_name ORDER BY c.evaluator_name`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(EvaluatorStatsFromRow))),
      Effect.orDie
    )
  })

  /** Totals from the cell rollups; upstream's `evaluatorStats` from the evaluator rollups, queried alongside. */
  const global = Effect.fnUntraced(function*(filters: RunFilters) {
    const [rows, byEvaluator] = yield* Effect.all([
      sql<{
        totalRuns: number
        successfulRuns: number
        finishedRuns: number
        avgScore: number | null
        avgWeightedScore: number | null
        avgDurationMs: number | null
        totalCostUsd: number | null
        unpricedRuns: number
        avgCostPerRun: number | null
      }>`SELECT COALESCE(SUM(c.runs), 0) AS totalRuns, COALESCE(SUM(c.successful), 0) AS successfulRuns,
        COALESCE(SUM(CASE WHEN ${sql.literal(finishedClause("c"))} THEN c.runs ELSE 0 END), 0) AS finishedRuns,
        SUM(c.sum_total) / NULLIF(SUM(c.total_scored), 0) AS avgScore,
        SUM(c.sum_score) / NULLIF(SUM(c.scored), 0) AS avgWeightedScore,
        SUM(c.sum_duration) / NULLIF(SUM(c.timed), 0) AS avgDurationMs,
        CASE WHEN SUM(c.priced) > 0 THEN SUM(c.sum_priced_total) END AS totalCostUsd,
        COALESCE(SUM(c.runs) - SUM(c.priced), 0) AS unpricedRuns,
        SUM(c.sum_priced_total) / NULLIF(SUM(c.priced), 0) AS avgCostPerRun
      FROM (${cells(filters)}) c`.pipe(Effect.orDie),
      evaluators(filters)
    ], { concurrency: "unbounded" })
    const { finishedRuns, ...row } = rows[0]!
    return new GlobalStats({
      ...row,
      failedRuns: finishedRuns - row.successfulRuns,
      successRate: row.totalRuns === 0 ? null : row.successfulRuns / row.totalRuns,
      successRateInterval: wilsonInterval(row.successfulRuns, row.totalRuns),
      averageScore: row.avgScore,
      averageWeightedScore: row.avgWeightedScore,
      averageDuration: row.avgDurationMs,
      evaluatorStats: upstreamEvaluatorStats(byEvaluator)
    })
  })

  /** One query per answer: metrics per suite/scenario/tier cell of each group, rolled up (with pass@k) in code. */
  const grouped = Effect.fnUntraced(function*(grouping: Grouping, filters: RunFilters) {
    const dimensions = Groupings[grouping]
    const selected = dimensions.map((c) =>
      c === "model"
        ? `${cellModel} AS model`
        : c === "specialist"
        ? "NULLIF(c.specialist, '') AS specialist"
        : `c.${c} AS ${c}`
    ).join(", ")
    // A cell is one suite/scenario/tier for one agent×model (and specialist): pass@k never mixes agents.
    const columns = [
      ...new Set([...dimensions, "suite", "scenario", "tier", "agent", "model", "model_is_null", "specialist"])
    ]
      .map((c) => `c.${c}`).join(", ")
    const rows = yield* sql`SELECT ${sql.literal(selected)}, ${sql.literal(cellMetricColumns)}
      FROM (${cells(filters)}) c GROUP BY ${sql.literal(columns)}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(CellMetricsRow))),
      Effect.orDie
    )
    return rollUpGroups(dimensions, rows)
  })

  /** Per specialist (null: the plain agents). */
  const bySpecialist = Effect.fnUntraced(function*(filters: RunFilters) {
    const rows = yield* sql`SELECT NULLIF(c.specialist, '') AS specialist, ${sql.literal(cellMetricColumns)}
      FROM (${cells(filters)}) c
      GROUP BY c.specialist, c.suite, c.scenario, c.tier, c.agent, c.model, c.model_is_null`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(CellMetricsRow))),
      Effect.orDie
    )
    return rollUpGroups(["specialist"], rows)
  })

  /** Finished runs that did not pass, per status: from the cell rows, so a filter by batch walks only that batch. */
  const failuresByStatus = Effect.fnUntraced(function*(filters: RunFilters) {
    return yield* sql`SELECT c.status AS status, SUM(c.runs - c.successful) AS runs FROM (${cells(filters)}) c
      WHERE ${sql.literal(finishedClause("c"))}
      GROUP BY c.status HAVING SUM(c.runs - c.successful) > 0 ORDER BY runs DESC, c.status`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(StatusCount))),
      Effect.orDie
    )
  })

  /** Cost per agent × model (and specialist) in one query; the totals are the sums of those groups. */
  const cost = Effect.fnUntraced(function*(filters: RunFilters) {
    const rows = yield* sql`SELECT c.agent AS agent, ${sql.literal(cellModel)} AS model,
        NULLIF(c.specialist, '') AS specialist, SUM(c.runs) AS runs,
        SUM(c.priced) AS pricedRuns, SUM(c.runs) - SUM(c.priced) AS unpricedRuns,
        SUM(c.sum_cost) AS agentCostUsd, SUM(c.sum_judge_cost) AS judgeCostUsd,
        SUM(c.sum_cost) + SUM(c.sum_judge_cost) AS totalCostUsd,
        SUM(c.sum_priced_total) / NULLIF(SUM(c.priced), 0) AS avgCostPerPricedRun,
        SUM(c.tokens_in) AS tokensIn, SUM(c.tokens_out) AS tokensOut,
        SUM(c.cache_read) AS cacheReadTokens, SUM(c.cache_write) AS cacheWriteTokens,
        SUM(c.successful) AS successfulRuns, SUM(c.sum_score) / NULLIF(SUM(c.scored), 0) AS avgScore,
        CASE WHEN SUM(c.priced) = SUM(c.runs) THEN (SUM(c.sum_cost) + SUM(c.sum_judge_cost)) / NULLIF(SUM(c.successful), 0) END
          AS costPerPassedRun
      FROM (${cells(filters)}) c
      GROUP BY c.agent, c.model, c.model_is_null, c.specialist ORDER BY totalCostUsd DESC, c.agent, model, c.specialist`
      .pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(CostByAgentModel))),
        Effect.orDie
      )
    const total = (pick: (row: CostByAgentModel) => number) => sum(rows.map(pick))
    const pricedRuns = total((r) => r.pricedRuns)
    const pricedCost = total((r) => (r.avgCostPerPricedRun ?? 0) * r.pricedRuns)
    return new CostStats({
      runs: total((r) => r.runs),
      pricedRuns,
      unpricedRuns: total((r) => r.unpricedRuns),
      agentCostUsd: total((r) => r.agentCostUsd),
      judgeCostUsd: total((r) => r.judgeCostUsd),
      totalCostUsd: total((r) => r.totalCostUsd),
      avgCostPerPricedRun: pricedRuns === 0 ? null : pricedCost / pricedRuns,
      tokensIn: total((r) => r.tokensIn),
      tokensOut: total((r) => r.tokensOut),
      cacheReadTokens: total((r) => r.cacheReadTokens),
      cacheWriteTokens: total((r) => r.cacheWriteTokens),
      byAgentModel: rows
    })
  })

  return { global, grouped, bySpecialist, evaluators, failuresByStatus, cost } as const
})

export class StatsRepo extends Context.Tag("ze/server/StatsRepo")<StatsRepo, Effect.Effect.Success<typeof make>>() {
  static readonly layer = Layer.effect(StatsRepo, make)
}
