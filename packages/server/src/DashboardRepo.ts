import { SqlClient } from "@effect/sql"
import type { RunFilters } from "@ze/domain"
import { Overview, ScoreBucket, scoreBuckets, TrendPoint, wilsonInterval } from "@ze/domain"
import { Context, Effect, Layer, Schema } from "effect"
import { BatchesRepo } from "./BatchesRepo.js"
import { RunsRepo } from "./RunsRepo.js"
import { runFilterClauses } from "./SqlFilters.js"
import { StatsRepo } from "./StatsRepo.js"

const BucketRow = Schema.Struct({ bucket: Schema.Int, runs: Schema.Int })
const DayRow = Schema.Struct({ day: Schema.String, runs: Schema.Int, passes: Schema.Int, avgScore: Schema.NullOr(Schema.Number) })

/** Bucket index of a weighted score, from the bucket bounds (constants); the last bucket includes 10. */
const bucketCase = `CASE ${scoreBuckets.slice(0, -1).map((b, i) => `WHEN r.weighted_score < ${b.upper} THEN ${i}`).join(" ")}
  ELSE ${scoreBuckets.length - 1} END`

const trendDays = 90

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const stats = yield* StatsRepo
  const runs = yield* RunsRepo
  const batches = yield* BatchesRepo

  const scoreDistribution = (filters: RunFilters) =>
    sql`SELECT ${sql.literal(bucketCase)} AS bucket, COUNT(*) AS runs FROM benchmark_runs r
      WHERE ${sql.and([...runFilterClauses(sql, filters), sql`r.weighted_score IS NOT NULL`])}
      GROUP BY bucket`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(BucketRow))),
      Effect.map((rows) =>
        scoreBuckets.map((bucket, i) => new ScoreBucket({ ...bucket, runs: rows.find((row) => row.bucket === i)?.runs ?? 0 }))
      ),
      Effect.orDie
    )

  /** Stored instants are ISO-8601 in UTC, so their first ten characters are the UTC day. */
  const trend = (filters: RunFilters) =>
    sql`SELECT substr(r.started_at, 1, 10) AS day, COUNT(*) AS runs, COALESCE(SUM(r.is_successful), 0) AS passes,
        AVG(r.weighted_score) AS avgScore
      FROM benchmark_runs r WHERE ${sql.and(runFilterClauses(sql, filters))}
      GROUP BY day ORDER BY day DESC LIMIT ${trendDays}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(DayRow))),
      Effect.map((rows) =>
        [...rows].reverse().map((row) =>
          new TrendPoint({ ...row, passRate: row.passes / row.runs, passRateInterval: wilsonInterval(row.passes, row.runs) })
        )
      ),
      Effect.orDie
    )

  /** Every part of the first page in one answer, each an SQL query over the same filters, run together. */
  const overview = Effect.fn("DashboardRepo.overview")(function*(filters: RunFilters) {
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

export class DashboardRepo extends Context.Tag("ze/server/DashboardRepo")<DashboardRepo, Effect.Effect.Success<typeof make>>() {
  /** Needs `SqlClient`, `StatsRepo`, `RunsRepo` and `BatchesRepo`. */
  static readonly layer = Layer.effect(DashboardRepo, make)
}
