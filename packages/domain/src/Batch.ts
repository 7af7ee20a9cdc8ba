import { Schema } from "effect"
import { CellSummary } from "./Comparison.js"
import { EpochMillis, JsonObject, RecordId } from "./Primitives.js"
import { Run } from "./Run.js"
import { compatibility, EvaluatorStats, GroupStats, StatusCount } from "./Stats.js"

/**
 * `POST /api/results/batch`: upstream's batch upsert. The client-declared counters and averages are accepted
 * for compatibility and ignored: every aggregate is computed by the server from the stored runs.
 */
export const BatchUpsertPayload = Schema.Struct({
  batchId: RecordId,
  createdAt: Schema.optional(Schema.NullOr(EpochMillis)),
  completedAt: Schema.optional(Schema.NullOr(EpochMillis)),
  totalRuns: Schema.optional(Schema.NullOr(Schema.Number)),
  successfulRuns: Schema.optional(Schema.NullOr(Schema.Number)),
  avgScore: Schema.optional(Schema.NullOr(Schema.Number)),
  avgWeightedScore: Schema.optional(Schema.NullOr(Schema.Number)),
  metadata: Schema.optional(Schema.NullOr(JsonObject))
}).annotations({ identifier: "BatchUpsertPayload", parseOptions: { errors: "all" } })
export type BatchUpsertPayload = typeof BatchUpsertPayload.Type

export const BatchUpsertResponse = Schema.Struct({
  success: Schema.Literal(true),
  batchId: Schema.String,
  created: Schema.Boolean
})

export const BatchStatus = Schema.Literal("running", "completed")

/** A batch with aggregates computed from its runs. Times are epoch milliseconds. */
export class Batch extends Schema.Class<Batch>("Batch")({
  batchId: Schema.String,
  createdAt: Schema.Number,
  completedAt: Schema.NullOr(Schema.Number),
  status: BatchStatus,
  metadata: Schema.NullOr(Schema.String),
  totalRuns: Schema.Int,
  successfulRuns: Schema.Int,
  failedRuns: Schema.Int,
  successRate: Schema.NullOr(Schema.Number),
  avgScore: Schema.NullOr(Schema.Number),
  avgWeightedScore: Schema.NullOr(Schema.Number),
  durationMs: Schema.NullOr(Schema.Number),
  totalRunDurationMs: Schema.NullOr(Schema.Number),
  totalCostUsd: Schema.NullOr(Schema.Number),
  unpricedRuns: Schema.Int
}, {
  description: "A batch: the runs of one ze bench, with totals computed from them. Times are epoch milliseconds"
}) {}

export class BatchAggregates extends Schema.Class<BatchAggregates>("BatchAggregates")({
  bySuiteScenario: Schema.Array(GroupStats),
  byAgentModel: Schema.Array(GroupStats),
  byTier: Schema.Array(GroupStats),
  byEvaluator: Schema.Array(EvaluatorStats),
  failuresByStatus: Schema.Array(StatusCount),
  /** Each suite/scenario/tier/agent/model cell over its repeats: mean ± CI, pass rate, pass@k, flips. */
  cells: Schema.Array(CellSummary)
}) {}

/**
 * One row of upstream's batch breakdowns (its old SQLite logger's `getBatchAnalytics`). Its CLI reads `runs`, its
 * worker-client types say `totalRuns`: both are sent. `avgScore` is the total score, `avgWeightedScore` 0..10.
 */
const breakdownFields = {
  runs: Schema.Int,
  totalRuns: Schema.Int,
  successfulRuns: Schema.Int,
  avgScore: Schema.NullOr(Schema.Number),
  avgWeightedScore: Schema.NullOr(Schema.Number)
}
export const UpstreamSuiteBreakdown = Schema.Struct({
  suite: Schema.String,
  scenario: Schema.String,
  ...breakdownFields
})
  .annotations({ identifier: "UpstreamSuiteBreakdown" })
export const UpstreamAgentBreakdown = Schema.Struct({
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  ...breakdownFields,
  minScore: Schema.NullOr(Schema.Number),
  maxScore: Schema.NullOr(Schema.Number)
}).annotations({ identifier: "UpstreamAgentBreakdown" })
export const UpstreamTierBreakdown = Schema.Struct({ tier: Schema.String, ...breakdownFields })
  .annotations({ identifier: "UpstreamTierBreakdown" })

const compatList = <S extends Schema.Schema.Any>(item: S, name: string, source: string) =>
  Schema.optionalWith(Schema.Array(item), { default: () => [] }).annotations({
    description: compatibility(name, `aggregates.${source} with upstream's keys, in the same order; every run counted`)
  })

/** `GET /api/batches/:batchId`: upstream's `{...batch, runs}` plus server-computed breakdowns. */
export class BatchDetail extends Batch.extend<BatchDetail>("BatchDetail")({
  runs: Schema.Array(Run),
  aggregates: BatchAggregates,
  duration: Schema.optionalWith(Schema.Number, { default: () => 0 }).annotations({
    description: compatibility("duration", "= durationMs, milliseconds from createdAt to completedAt; 0 while running")
  }),
  suiteBreakdown: compatList(UpstreamSuiteBreakdown, "suiteBreakdown", "bySuiteScenario"),
  agentBreakdown: compatList(UpstreamAgentBreakdown, "agentBreakdown", "byAgentModel"),
  tierBreakdown: compatList(UpstreamTierBreakdown, "tierBreakdown", "byTier")
}, { description: "One batch with its runs and its aggregates by scenario, agent, tier and evaluator" }) {}

const breakdownOf = (group: GroupStats) => ({
  runs: group.runs,
  totalRuns: group.runs,
  successfulRuns: group.successfulRuns,
  avgScore: group.avgTotalScore,
  avgWeightedScore: group.avgScore
})

/** Upstream's `duration` and breakdowns, read off ze's own fields. */
export const upstreamBatchFields = (batch: Batch, aggregates: BatchAggregates) => ({
  duration: batch.durationMs ?? 0,
  suiteBreakdown: aggregates.bySuiteScenario.map((g) => ({
    suite: g.suite ?? "",
    scenario: g.scenario ?? "",
    ...breakdownOf(g)
  })),
  agentBreakdown: aggregates.byAgentModel.map((g) => ({
    agent: g.agent ?? "",
    model: g.model ?? null,
    ...breakdownOf(g),
    minScore: g.minScore,
    maxScore: g.maxScore
  })),
  tierBreakdown: aggregates.byTier.map((g) => ({ tier: g.tier ?? "", ...breakdownOf(g) }))
})
