import { SqlClient } from "@effect/sql"
import type { RunFilters } from "@ze/domain"
import { Overview, ScoreBucket, scoreBuckets, TrendPoint, wilsonInterval } from "@ze/domain"
import { Context, Effect, Layer, Schema } from "effect"
import { BatchesRepo } from "./BatchesRepo.js"
import { cellRows, dayRows } from "./Rollups.js"
import { RunsRepo } from "./RunsRepo.js"
import { runFilterClauses } from "./SqlFilters.js"
import { StatsRepo } from "./StatsRepo.js"

const BucketRow = Schema.Struct(Object.fromEntries(scoreBuckets.map((_, i) => [`b${i}`, Schema.NullOr(Schema.Int)])))
const DayRow = Schema.Struct({
  day: Schema.String,
  runs: Schema.Int,
  passes: Schema.Int,
  avgScore: Schema.NullOr(Schema.Number)
})

const trendDays = 90

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const stats = yield* StatsRepo
  const runs = yield* RunsRepo
  const batches = yield* BatchesRepo

  const scoreDistribution = (filters: RunFilters) =>
    sql`SELECT ${sql.literal(scoreBuckets.map((_, i) => `SUM(c.b${i}) AS b${i}`).join(", "))}
      FROM (${cellRows(sql, filters, runFilterClauses(sql, filters))}) c`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(BucketRow))),
      Effect.map(([row]) => scoreBuckets.map((bucket, i) => new ScoreBucket({ ...bucket, runs: row?.[`b${i}`] ?? 0 }))),
      Effect.orDie
    )

  /** Stored instants are ISO-8601 in UTC, so their first ten characters are the UTC day. */
  const trend = (filters: RunFilters) =>
    sql`SELECT d.day AS day, d.runs AS runs, d.successful AS passes, d.sum_score / NULLIF(d.scored, 0) AS avgScore
      FROM (${dayRows(sql, filters, runFilterClauses(sql, filters))}) d WHERE d.runs > 0
      ORDER BY d.day DESC LIMIT ${trendDays}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(DayRow))),
      Effect.map((rows) =>
        [...rows].reverse().map((row) =>
          new TrendPoint({
            ...row,
            passRate: row.passes / row.runs,
            passRateInterval: wilsonInterval(row.passes, row.runs)
          })
        )
      ),
      Effect.orDie
    )

  /** Every part of the first page in one answer, each an SQL query over the same filters, run together. */
  const overview = Effect.fnUntraced(function*(filters: RunFilters) {
    const parts = yield* Effect.all({
      stats: stats.global(filters),
      scoreDistribution: scoreDistribution(filters),
      recentRuns: Effect.map(runs.list({ ...filters, limit: 15 }), (page) => page.runs),
      recentBatches: Effect.map(batches.list({ limit: 5 }, filters), (page) => page.batches),
      topAgentModels: Effect.map(stats.grouped("agentModels", filters), (groups) => groups.slice(0, 5)),
      trend: trend(filters)
    }, { concurrency: "unbounded" }).pipe(Effect.catchTag("InvalidRequest", Effect.die))
    return new Overview(parts)
  })

  return { overview } as const
})

export class DashboardRepo
  extends Context.Tag("ze/server/DashboardRepo")<DashboardRepo, Effect.Effect.Success<typeof make>>()
{
  /** Needs `SqlClient`, `StatsRepo`, `RunsRepo` and `BatchesRepo`. */
  static readonly layer = Layer.effect(DashboardRepo, make)
}
