import { Schema } from "effect"
import { IntervalSchema } from "./Comparison.js"

const Avg = Schema.NullOr(Schema.Number)
const orNull = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null })

/** The OpenAPI description of a field that exists only so that upstream's clients find what they read. */
export const compatibility = (name: string, meaning: string) =>
  `Compatibility: upstream ze-benchmarks' ${name} (${meaning})`

/** One entry of upstream's `evaluatorStats` map (its old SQLite logger's shape, read by `pnpm bench --evaluators`). */
export const UpstreamEvaluatorStat = Schema.Struct({
  averageScore: Schema.Number,
  maxScore: Schema.Number,
  count: Schema.Int
}).annotations({ identifier: "UpstreamEvaluatorStat" })

/** `GET /api/stats`: upstream's four fields first, then ze's. Averages are null when nothing was scored. */
export class GlobalStats extends Schema.Class<GlobalStats>("GlobalStats")({
  totalRuns: Schema.Int,
  successfulRuns: Schema.Int,
  avgScore: Avg,
  avgWeightedScore: Avg,
  failedRuns: Schema.Int,
  successRate: Avg,
  avgDurationMs: Avg,
  totalCostUsd: Avg,
  unpricedRuns: Schema.Int,
  /** Wilson 95% interval of `successRate`. */
  successRateInterval: orNull(IntervalSchema),
  /** Mean of agent + judge cost over the priced runs; unpriced runs are left out, never counted as 0. */
  avgCostPerRun: orNull(Schema.Number),
  averageScore: orNull(Schema.Number).annotations({
    description: compatibility(
      "averageScore",
      "= avgScore, the mean total score over every scored run, not only completed ones"
    )
  }),
  averageWeightedScore: orNull(Schema.Number).annotations({
    description: compatibility("averageWeightedScore", "= avgWeightedScore, 0..10, over every scored run")
  }),
  averageDuration: orNull(Schema.Number).annotations({
    description: compatibility(
      "averageDuration",
      "= avgDurationMs: milliseconds, the mean of the runs' telemetry durationMs"
    )
  }),
  evaluatorStats: Schema.optionalWith(Schema.Record({ key: Schema.String, value: UpstreamEvaluatorStat }), {
    default: () => ({})
  }).annotations({
    description: compatibility(
      "evaluatorStats",
      "evaluator name → { averageScore: mean of score/maxScore, 0..1; maxScore: 1, the scale; count: evaluations that ran }; evaluators that never ran are left out"
    )
  })
}) {}

/**
 * Metrics of one group of runs. `avgScore`, `minScore` and `maxScore` are weighted scores (0..10), as in
 * upstream's `/api/stats/agents`; only the dimensions that the grouping uses are present.
 */
export class GroupStats extends Schema.Class<GroupStats>("GroupStats")({
  agent: Schema.optional(Schema.String),
  /** The specialist wrapping the agent; null for the plain agent (`--by specialist`). */
  specialist: Schema.optional(Schema.NullOr(Schema.String)),
  model: Schema.optional(Schema.NullOr(Schema.String)),
  suite: Schema.optional(Schema.String),
  scenario: Schema.optional(Schema.String),
  tier: Schema.optional(Schema.String),
  runs: Schema.Int,
  successfulRuns: Schema.Int,
  successRate: Schema.Number,
  avgScore: Avg,
  minScore: Avg,
  maxScore: Avg,
  avgTotalScore: Avg,
  avgDurationMs: Avg,
  totalCostUsd: Avg,
  unpricedRuns: Schema.Int,
  /** Sample standard deviation of the weighted score and its 95% t-interval; null below two scored runs. */
  scoreStdDev: orNull(Schema.Number),
  scoreInterval: orNull(IntervalSchema),
  /** Wilson 95% interval of the success rate. */
  successRateInterval: orNull(IntervalSchema),
  /** Distinct suite/scenario/tier cells in the group. */
  cells: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  /**
   * pass@k averaged over the group's cells (the unbiased estimator per cell), for each k that every cell has at
   * least k agent-attributable repeats for; empty without repeats.
   */
  passAtK: Schema.optionalWith(Schema.Array(Schema.Struct({ k: Schema.Int, value: Schema.Number })), {
    default: () => []
  }),
  /** Cells with at least two attributable runs whose outcomes are mixed (some pass, some fail). */
  flakyCells: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  /** `flakyCells` over the cells with at least two attributable runs; null when there are none. */
  flipRate: orNull(Schema.Number)
}) {}

/** One evaluator over many runs. `avgScore` is the mean of score/maxScore (0..1) over evaluations that ran. */
export class EvaluatorStats extends Schema.Class<EvaluatorStats>("EvaluatorStats")({
  evaluatorName: Schema.String,
  evaluations: Schema.Int,
  scored: Schema.Int,
  skipped: Schema.Int,
  errors: Schema.Int,
  avgScore: Avg,
  minScore: Avg,
  maxScore: Avg,
  /** Evaluations that ran and reached their maximum score (max_score > 0). */
  passed: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  /** `passed / scored`; null when nothing was scored. */
  passRate: orNull(Schema.Number)
}) {}

/** Upstream's `evaluatorStats` map from ze's per-evaluator stats, over the evaluations that ran. */
export const upstreamEvaluatorStats = (
  stats: ReadonlyArray<EvaluatorStats>
): Record<string, typeof UpstreamEvaluatorStat.Type> =>
  Object.fromEntries(
    stats.flatMap((s) =>
      s.avgScore === null ? [] : [[s.evaluatorName, { averageScore: s.avgScore, maxScore: 1, count: s.scored }]]
    )
  )

/**
 * One row of `byAgentModel`: an agent × model, and a specialist apart from the agent it wraps (so one agent × model
 * can take a row for its plain runs and one per specialist; key rows by all three).
 */
export class CostByAgentModel extends Schema.Class<CostByAgentModel>("CostByAgentModel")({
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  /** The specialist wrapping the agent (its prompt is part of what a run costs); null for the plain agent. */
  specialist: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  runs: Schema.Int,
  pricedRuns: Schema.Int,
  unpricedRuns: Schema.Int,
  agentCostUsd: Schema.Number,
  judgeCostUsd: Schema.Number,
  totalCostUsd: Schema.Number,
  avgCostPerPricedRun: Avg,
  tokensIn: Schema.Int,
  tokensOut: Schema.Int,
  cacheReadTokens: Schema.Int,
  cacheWriteTokens: Schema.Int,
  /** What the spend bought: passed runs, the mean weighted score, and the cost of each pass (null while any run is unpriced). */
  successfulRuns: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  avgScore: Schema.optionalWith(Schema.NullOr(Schema.Number), { default: () => null }),
  costPerPassedRun: Schema.optionalWith(Schema.NullOr(Schema.Number), { default: () => null })
}) {}

/** `GET /api/stats/cost`: unpriced runs are counted, never charged as 0. */
export class CostStats extends Schema.Class<CostStats>("CostStats")({
  runs: Schema.Int,
  pricedRuns: Schema.Int,
  unpricedRuns: Schema.Int,
  agentCostUsd: Schema.Number,
  judgeCostUsd: Schema.Number,
  totalCostUsd: Schema.Number,
  avgCostPerPricedRun: Avg,
  tokensIn: Schema.Int,
  tokensOut: Schema.Int,
  cacheReadTokens: Schema.Int,
  cacheWriteTokens: Schema.Int,
  byAgentModel: Schema.Array(CostByAgentModel).annotations({
    description: "one row per agent × model × specialist (specialist null: the plain agent's runs)"
  })
}) {}

export class StatusCount extends Schema.Class<StatusCount>("StatusCount")({
  status: Schema.String,
  runs: Schema.Int
}) {}
