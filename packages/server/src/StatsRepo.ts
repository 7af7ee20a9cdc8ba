import { SqlClient } from "@effect/sql"
import type { RunFilters } from "@ze/domain"
import { CostByAgentModel, CostStats, GlobalStats, StatusCount, wilsonInterval } from "@ze/domain"
import { Context, Effect, Layer, Schema } from "effect"
import { rollUpGroups } from "./GroupRollup.js"
import { CellMetricsRow, cellMetricColumns, evaluatorColumns, EvaluatorStatsFromRow } from "./Rows.js"
import { runFilterClauses } from "./SqlFilters.js"

/** The dimensions runs can be grouped by, as fixed column lists (never user input). */
export const Groupings = {
  agents: ["agent"],
  models: ["model"],
  agentModels: ["agent", "model"],
  agentModelTiers: ["agent", "model", "tier"],
  suites: ["suite"],
  scenarios: ["suite", "scenario"],
  tiers: ["tier"]
} as const satisfies Record<string, ReadonlyArray<"agent" | "model" | "suite" | "scenario" | "tier">>
export type Grouping = keyof typeof Groupings

const sum = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0)

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const from = sql.literal("benchmark_runs r LEFT JOIN run_telemetry t ON t.run_id = r.run_id")

  const global = Effect.fn("StatsRepo.global")(function*(filters: RunFilters) {
    const rows = yield* sql<{
      totalRuns: number
      successfulRuns: number
      finishedRuns: number
      avgScore: number | null
      avgWeightedScore: number | null
      avgDurationMs: number | null
      totalCostUsd: number | null
      unpricedRuns: number
      avgCostPerRun: number | null
    }>`SELECT COUNT(*) AS totalRuns, COALESCE(SUM(r.is_successful), 0) AS successfulRuns,
        COALESCE(SUM(CASE WHEN r.status <> 'running' THEN 1 ELSE 0 END), 0) AS finishedRuns,
        AVG(r.total_score) AS avgScore, AVG(r.weighted_score) AS avgWeightedScore,
        AVG(t.duration_ms) AS avgDurationMs, SUM(t.cost_usd + COALESCE(t.judge_cost_usd, 0)) AS totalCostUsd,
        COALESCE(SUM(CASE WHEN t.cost_usd IS NULL THEN 1 ELSE 0 END), 0) AS unpricedRuns,
        AVG(t.cost_usd + COALESCE(t.judge_cost_usd, 0)) AS avgCostPerRun
      FROM ${from} WHERE ${sql.and(runFilterClauses(sql, filters))}`.pipe(Effect.orDie)
    const { finishedRuns, ...row } = rows[0]!
    return new GlobalStats({
      ...row,
      failedRuns: finishedRuns - row.successfulRuns,
      successRate: row.totalRuns === 0 ? null : row.successfulRuns / row.totalRuns,
      successRateInterval: wilsonInterval(row.successfulRuns, row.totalRuns)
    })
  })

  /** One query per answer: metrics per suite/scenario/tier cell of each group, rolled up (with pass@k) in code. */
  const grouped = Effect.fn("StatsRepo.grouped")(function*(grouping: Grouping, filters: RunFilters) {
    const dimensions = Groupings[grouping]
    const selected = dimensions.map((c) => `r.${c} AS ${c}`).join(", ")
    // A cell is one suite/scenario/tier for one agent×model: pass@k never mixes agents.
    const columns = [...new Set([...dimensions, "suite", "scenario", "tier", "agent", "model"])].map((c) => `r.${c}`).join(", ")
    const rows = yield* sql`SELECT ${sql.literal(selected)}, ${sql.literal(cellMetricColumns)}
      FROM ${from} WHERE ${sql.and(runFilterClauses(sql, filters))}
      GROUP BY ${sql.literal(columns)}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(CellMetricsRow))),
      Effect.orDie
    )
    return rollUpGroups(dimensions, rows)
  })

  const evaluators = Effect.fn("StatsRepo.evaluators")(function*(filters: RunFilters) {
    return yield* sql`SELECT ${sql.literal(evaluatorColumns)}
      FROM evaluation_results e JOIN benchmark_runs r ON r.run_id = e.run_id
      WHERE ${sql.and(runFilterClauses(sql, filters))}
      GROUP BY e.evaluator_name ORDER BY e.evaluator_name`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(EvaluatorStatsFromRow))),
      Effect.orDie
    )
  })

  const failuresByStatus = Effect.fn("StatsRepo.failuresByStatus")(function*(filters: RunFilters) {
    return yield* sql`SELECT r.status AS status, COUNT(*) AS runs FROM benchmark_runs r
      WHERE ${sql.and([...runFilterClauses(sql, filters), sql`r.is_successful = 0`, sql`r.status <> 'running'`])}
      GROUP BY r.status ORDER BY runs DESC, r.status`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(StatusCount))),
      Effect.orDie
    )
  })

  /** Cost per agent × model in one query; the totals are the sums of those groups. */
  const cost = Effect.fn("StatsRepo.cost")(function*(filters: RunFilters) {
    const rows = yield* sql`SELECT r.agent AS agent, r.model AS model, COUNT(*) AS runs,
        COALESCE(SUM(CASE WHEN t.cost_usd IS NOT NULL THEN 1 ELSE 0 END), 0) AS pricedRuns,
        COALESCE(SUM(CASE WHEN t.cost_usd IS NULL THEN 1 ELSE 0 END), 0) AS unpricedRuns,
        COALESCE(SUM(t.cost_usd), 0) AS agentCostUsd, COALESCE(SUM(t.judge_cost_usd), 0) AS judgeCostUsd,
        COALESCE(SUM(t.cost_usd), 0) + COALESCE(SUM(t.judge_cost_usd), 0) AS totalCostUsd,
        AVG(t.cost_usd + COALESCE(t.judge_cost_usd, 0)) AS avgCostPerPricedRun,
        COALESCE(SUM(t.tokens_in), 0) AS tokensIn, COALESCE(SUM(t.tokens_out), 0) AS tokensOut,
        COALESCE(SUM(t.cache_read_tokens), 0) AS cacheReadTokens,
        COALESCE(SUM(t.cache_write_tokens), 0) AS cacheWriteTokens
      FROM ${from} WHERE ${sql.and(runFilterClauses(sql, filters))}
      GROUP BY r.agent, r.model ORDER BY totalCostUsd DESC, r.agent, r.model`.pipe(
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

  return { global, grouped, evaluators, failuresByStatus, cost } as const
})

export class StatsRepo extends Context.Tag("ze/server/StatsRepo")<StatsRepo, Effect.Effect.Success<typeof make>>() {
  static readonly layer = Layer.effect(StatsRepo, make)
}
