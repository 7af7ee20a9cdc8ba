import { Artifact, ArtifactSummary, Evaluation, EvaluatorStats, Run, Telemetry } from "@ze/domain"
import { Schema } from "effect"
import { attributableClause } from "./SqlStatuses.js"

/** SQLite stores booleans as 0/1. */
const IntBoolean = Schema.transform(Schema.Number, Schema.Boolean, {
  strict: true,
  decode: (n) => n !== 0,
  encode: (b) => (b ? 1 : 0)
})

/** Columns selected for a run, aliased to the wire names; needs `benchmark_runs r` and `run_telemetry t`. */
export const runColumns = `r.id AS id, r.run_id AS runId, r.batchId AS batchId, r.suite AS suite,
  r.scenario AS scenario, r.tier AS tier, r.agent AS agent, r.model AS model, r.status AS status,
  r.started_at AS startedAt, r.completed_at AS completedAt, r.total_score AS totalScore,
  r.weighted_score AS weightedScore, r.is_successful AS isSuccessful, r.success_metric AS successMetric,
  r.metadata AS metadata, r.specialist_enabled AS specialistEnabled, r.specialist_name AS specialistName,
  r.specialist_version AS specialistVersion, r.repeat_index AS repeat, r.resolved_model AS resolvedModel,
  r.agent_version AS agentVersion, r.failure_reason AS failureReason, t.duration_ms AS durationMs,
  t.cost_usd AS costUsd, r.updated_at AS updatedAt`

export const RunFromRow = Schema.Struct({
  ...Run.fields,
  isSuccessful: IntBoolean,
  specialistEnabled: IntBoolean
}).pipe(Schema.compose(Run))

export const evaluationColumns = `e.id AS id, e.run_id AS runId, e.evaluator_name AS evaluatorName, e.score AS score,
  e.max_score AS maxScore, e.details AS details, e.status AS status, e.weight AS weight, e.created_at AS createdAt`

export const EvaluationFromRow = Evaluation

export const telemetryColumns = `t.id AS id, t.run_id AS runId, t.tool_calls AS toolCalls, t.tokens_in AS tokensIn,
  t.tokens_out AS tokensOut, t.cache_read_tokens AS cacheReadTokens, t.cache_write_tokens AS cacheWriteTokens,
  t.cost_usd AS costUsd, t.judge_cost_usd AS judgeCostUsd, t.judge_tokens_in AS judgeTokensIn,
  t.judge_tokens_out AS judgeTokensOut, t.duration_ms AS durationMs, t.workspace_dir AS workspaceDir,
  t.prompt_sent AS promptSent`

export const TelemetryFromRow = Telemetry

/** Columns of an artifact's summary; needs `run_artifacts a`. */
export const artifactSummaryColumns = `a.name AS name, a.content_type AS contentType, a.size_bytes AS sizeBytes,
  a.stored_bytes AS storedBytes, a.truncated AS truncated`

export const ArtifactSummaryFromRow = Schema.Struct({ ...ArtifactSummary.fields, truncated: IntBoolean }).pipe(
  Schema.compose(ArtifactSummary)
)

export const ArtifactFromRow = Schema.Struct({ ...Artifact.fields, truncated: IntBoolean }).pipe(
  Schema.compose(Artifact)
)

/** Statuses that say nothing about the agent are left out of pass@k (`NotAttributableStatuses` in the domain). */
const attributable = attributableClause("c")

/**
 * Metrics of one suite/scenario/tier cell within a group, summed over its rows `c` (one per status, see
 * `cellRows` in Rollups.ts); groups are rolled up from their cells, so one query answers the group metrics and pass@k.
 */
export const cellMetricColumns = `SUM(c.runs) AS runs,
  SUM(c.successful) AS successfulRuns,
  SUM(CASE WHEN ${attributable} THEN c.runs ELSE 0 END) AS attributableRuns,
  SUM(CASE WHEN ${attributable} THEN c.successful ELSE 0 END) AS attributablePasses,
  SUM(c.scored) AS scoredRuns, CASE WHEN SUM(c.scored) > 0 THEN SUM(c.sum_score) END AS sumScore,
  CASE WHEN SUM(c.scored) > 0 THEN SUM(c.sum_sq_score) END AS sumSquaredScore,
  MIN(c.min_score) AS minScore, MAX(c.max_score) AS maxScore,
  SUM(c.total_scored) AS totalScoredRuns, CASE WHEN SUM(c.total_scored) > 0 THEN SUM(c.sum_total) END AS sumTotalScore,
  SUM(c.timed) AS timedRuns, CASE WHEN SUM(c.timed) > 0 THEN SUM(c.sum_duration) END AS sumDurationMs,
  CASE WHEN SUM(c.priced) > 0 THEN SUM(c.sum_priced_total) END AS totalCostUsd,
  SUM(c.runs) - SUM(c.priced) AS unpricedRuns`

/** A cell row's model: '' with `model_is_null` stands for no model. */
export const cellModel = "CASE WHEN c.model_is_null = 1 THEN NULL ELSE c.model END"

const Sum = Schema.NullOr(Schema.Number)

export const CellMetricsRow = Schema.Struct({
  agent: Schema.optional(Schema.String),
  specialist: Schema.optional(Schema.NullOr(Schema.String)),
  model: Schema.optional(Schema.NullOr(Schema.String)),
  suite: Schema.optional(Schema.String),
  scenario: Schema.optional(Schema.String),
  tier: Schema.optional(Schema.String),
  runs: Schema.Int,
  successfulRuns: Schema.Int,
  attributableRuns: Schema.Int,
  attributablePasses: Schema.Int,
  scoredRuns: Schema.Int,
  sumScore: Sum,
  sumSquaredScore: Sum,
  minScore: Sum,
  maxScore: Sum,
  totalScoredRuns: Schema.Int,
  sumTotalScore: Sum,
  timedRuns: Schema.Int,
  sumDurationMs: Sum,
  totalCostUsd: Sum,
  unpricedRuns: Schema.Int
})
export type CellMetricsRow = typeof CellMetricsRow.Type

/** One evaluator over its rows `c` (one per cell and status, see `evaluationRows` in Rollups.ts). */
export const evaluatorColumns = `c.evaluator_name AS evaluatorName, SUM(c.evaluations) AS evaluations,
  SUM(c.scored) AS scored, SUM(c.skipped) AS skipped, SUM(c.errors) AS errors,
  SUM(c.sum_share) / NULLIF(SUM(c.shares), 0) AS avgScore,
  MIN(c.min_share) AS minScore, MAX(c.max_share) AS maxScore,
  SUM(c.passed) AS passed, CAST(SUM(c.passed) AS REAL) / NULLIF(SUM(c.scored), 0) AS passRate`

export const EvaluatorStatsFromRow = EvaluatorStats
