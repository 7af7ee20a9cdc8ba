import { Schema } from "effect"
import { EpochMillis, JsonObject, Label } from "./Primitives.js"
import { CellSummary } from "./Comparison.js"
import { Run } from "./Run.js"
import { EvaluatorStats, GroupStats, StatusCount } from "./Stats.js"

/**
 * `POST /api/results/batch`: upstream's batch upsert. The client-declared counters and averages are accepted
 * for compatibility and ignored: every aggregate is computed by the server from the stored runs.
 */
export const BatchUpsertPayload = Schema.Struct({
  batchId: Label,
  createdAt: Schema.optional(Schema.NullOr(EpochMillis)),
  completedAt: Schema.optional(Schema.NullOr(EpochMillis)),
  totalRuns: Schema.optional(Schema.NullOr(Schema.Number)),
  successfulRuns: Schema.optional(Schema.NullOr(Schema.Number)),
  avgScore: Schema.optional(Schema.NullOr(Schema.Number)),
  avgWeightedScore: Schema.optional(Schema.NullOr(Schema.Number)),
  metadata: Schema.optional(Schema.NullOr(JsonObject))
}).annotations({ identifier: "BatchUpsertPayload" })
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

/** `GET /api/batches/:batchId`: upstream's `{...batch, runs}` plus server-computed breakdowns. */
export class BatchDetail extends Batch.extend<BatchDetail>("BatchDetail")({
  runs: Schema.Array(Run),
  aggregates: BatchAggregates
}) {}
