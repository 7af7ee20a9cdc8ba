import { Schema } from "effect"
import { Batch } from "./Batch.js"
import { IntervalSchema } from "./Comparison.js"
import { Run } from "./Run.js"
import { GlobalStats, GroupStats } from "./Stats.js"

/** Runs whose weighted score falls in [lower, upper); the last bucket includes 10. */
export class ScoreBucket extends Schema.Class<ScoreBucket>("ScoreBucket")({
  lower: Schema.Number,
  upper: Schema.Number,
  label: Schema.String,
  runs: Schema.Int
}) {}

/** The buckets of the score distribution, always all of them and in this order. */
export const scoreBuckets = [
  { lower: 0, upper: 3, label: "0–3" },
  { lower: 3, upper: 5, label: "3–5" },
  { lower: 5, upper: 7, label: "5–7" },
  { lower: 7, upper: 9, label: "7–9" },
  { lower: 9, upper: 10, label: "9–10" }
] as const

/** One UTC day (from `startedAt`) that has runs. */
export class TrendPoint extends Schema.Class<TrendPoint>("TrendPoint")({
  day: Schema.String.annotations({ description: "YYYY-MM-DD (UTC)" }),
  runs: Schema.Int,
  passes: Schema.Int,
  passRate: Schema.Number,
  /** Wilson 95% interval of `passRate`. */
  passRateInterval: Schema.NullOr(IntervalSchema),
  avgScore: Schema.NullOr(Schema.Number)
}) {}

/** `GET /api/dashboard/overview`: everything the dashboard's first page shows, over the same filters. */
export class Overview extends Schema.Class<Overview>("Overview")({
  stats: GlobalStats,
  scoreDistribution: Schema.Array(ScoreBucket),
  /** The newest 15 runs, as `GET /api/runs` lists them. */
  recentRuns: Schema.Array(Run),
  /** The newest 5 batches holding a matching run (any batch without filters), as `GET /api/batches` lists them. */
  recentBatches: Schema.Array(Batch),
  /** The first 5 of the agent × model leaderboard (`GET /api/stats/agent-models`). */
  topAgentModels: Schema.Array(GroupStats),
  /** Oldest first: the last 90 days that have runs. */
  trend: Schema.Array(TrendPoint)
}) {}
