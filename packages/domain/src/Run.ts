import { Schema } from "effect"
import { DetailsText, Finite, IsoTimestamp, JsonObject, Label, NonNegativeInt, RecordId, Text } from "./Primitives.js"
import { RunStatus } from "./Status.js"

export const EvaluationStatus = Schema.Literal("ok", "skipped", "error")
export type EvaluationStatus = typeof EvaluationStatus.Type

/** One evaluator's result as submitted (upstream fields plus ze's optional status and weight). */
const between = (lower: number, upper: number) =>
  Finite.pipe(Schema.between(lower, upper, { message: () => `must be a number from ${lower} to ${upper}` }))

export const EvaluationInput = Schema.Struct({
  evaluatorName: Label,
  score: between(0, 1_000),
  maxScore: between(0, 1_000),
  details: Schema.optional(Schema.NullOr(DetailsText)),
  status: Schema.optional(EvaluationStatus),
  weight: Schema.optional(between(0, 1_000))
}).pipe(
  Schema.filter((evaluation) =>
    evaluation.score <= evaluation.maxScore || {
      path: ["score"],
      message: `must not exceed maxScore (${evaluation.maxScore}), got ${evaluation.score}`
    }
  )
)
export type EvaluationInput = typeof EvaluationInput.Type

const Count = Schema.optional(Schema.NullOr(NonNegativeInt))
const Usd = Schema.optional(Schema.NullOr(Finite.pipe(Schema.nonNegative())))

/** Telemetry as submitted. A null cost means the model is unpriced: it is never stored as 0. */
export const TelemetryInput = Schema.Struct({
  toolCalls: Count,
  tokensIn: Count,
  tokensOut: Count,
  cacheReadTokens: Count,
  cacheWriteTokens: Count,
  costUsd: Usd,
  judgeCostUsd: Usd,
  judgeTokensIn: Count,
  judgeTokensOut: Count,
  durationMs: Schema.optional(Schema.NullOr(Finite.pipe(Schema.nonNegative()))),
  workspaceDir: Schema.optional(Schema.NullOr(Text)),
  promptSent: Schema.optional(Schema.NullOr(Text))
})
export type TelemetryInput = typeof TelemetryInput.Type

export const ArtifactName = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    message: () => "artifact names use letters, digits, '.', '_' and '-' (at most 100 characters)"
  })
)

/** A run artifact (diff, transcript, command log): stored apart from the run row and size-capped by the server. */
export const ArtifactInput = Schema.Struct({
  name: ArtifactName,
  contentType: Schema.optionalWith(Text, { default: () => "text/plain" }),
  content: Text
})
export type ArtifactInput = typeof ArtifactInput.Type

/** `POST /api/results`: the upstream `SubmitResultsPayload`, with ze's additions optional. */
/**
 * A specialist's name. An empty one names none: the run is its plain agent's, as the stats, the filters and the
 * comparisons all count it.
 */
const SpecialistName = Schema.transform(Schema.NullOr(Text), Schema.NullOr(Schema.String), {
  strict: true,
  decode: (name) => (name === null || name.trim() === "" ? null : name),
  encode: (name) => name
})

export const SubmitResultsPayload = Schema.Struct({
  runId: RecordId,
  batchId: Schema.optional(Schema.NullOr(RecordId)),
  suite: Label,
  scenario: Label,
  tier: Label,
  agent: Label,
  model: Schema.optional(Schema.NullOr(Text)),
  status: RunStatus,
  startedAt: Schema.optional(Schema.NullOr(IsoTimestamp)),
  completedAt: Schema.optional(Schema.NullOr(IsoTimestamp)),
  totalScore: Schema.optional(Schema.NullOr(between(0, 10))),
  weightedScore: Schema.optional(Schema.NullOr(between(0, 10))),
  isSuccessful: Schema.optional(Schema.Boolean),
  successMetric: Schema.optional(Schema.NullOr(between(0, 1))),
  specialistEnabled: Schema.optional(Schema.Boolean),
  specialistName: Schema.optional(SpecialistName),
  specialistVersion: Schema.optional(Schema.NullOr(Text)),
  metadata: Schema.optional(Schema.NullOr(JsonObject)),
  evaluations: Schema.optional(Schema.Array(EvaluationInput).pipe(Schema.maxItems(500))),
  telemetry: Schema.optional(Schema.NullOr(TelemetryInput)),
  repeat: Schema.optional(Schema.NullOr(NonNegativeInt)).annotations({
    description:
      "Which try of its cell this run is, counted from 0 as upstream stores it (the first try is 0). ze shows it counted from 1 everywhere a person reads it: tables, CSV, JUnit and the CLI's JSON documents."
  }),
  resolvedModel: Schema.optional(Schema.NullOr(Text)),
  agentVersion: Schema.optional(Schema.NullOr(Text)),
  failureReason: Schema.optional(Schema.NullOr(Text)),
  artifacts: Schema.optional(Schema.Array(ArtifactInput).pipe(Schema.maxItems(50)))
}).annotations({ identifier: "SubmitResultsPayload", parseOptions: { errors: "all" } })
export type SubmitResultsPayload = typeof SubmitResultsPayload.Type

export const SubmitResultsResponse = Schema.Struct({
  success: Schema.Literal(true),
  runId: Schema.String,
  created: Schema.Boolean
})

/** A stored run, with upstream's field names (`metadata` stays a JSON string, as upstream returns it). */
export class Run extends Schema.Class<Run>("Run")({
  id: Schema.Int,
  runId: Schema.String,
  batchId: Schema.NullOr(Schema.String),
  suite: Schema.String,
  scenario: Schema.String,
  tier: Schema.String,
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  status: RunStatus,
  startedAt: Schema.String,
  completedAt: Schema.NullOr(Schema.String),
  totalScore: Schema.NullOr(Schema.Number),
  weightedScore: Schema.NullOr(Schema.Number),
  isSuccessful: Schema.Boolean,
  successMetric: Schema.NullOr(Schema.Number),
  metadata: Schema.NullOr(Schema.String).annotations({
    description:
      "The run's metadata object as a JSON string, as upstream returns it (the CLI's JSON documents give the object)"
  }),
  specialistEnabled: Schema.Boolean,
  specialistName: Schema.NullOr(Schema.String),
  specialistVersion: Schema.NullOr(Schema.String),
  repeat: Schema.NullOr(Schema.Int).annotations({
    description:
      "Which try of its cell this run is, counted from 0 as upstream stores it (the first try is 0). ze shows it counted from 1 everywhere a person reads it: tables, CSV, JUnit and the CLI's JSON documents."
  }),
  resolvedModel: Schema.NullOr(Schema.String),
  agentVersion: Schema.NullOr(Schema.String),
  failureReason: Schema.NullOr(Schema.String),
  durationMs: Schema.NullOr(Schema.Number),
  costUsd: Schema.NullOr(Schema.Number),
  updatedAt: Schema.String
}, { description: "A stored run: one agent on one scenario and tier, with its status, scores, cost and timing" }) {}

export class Evaluation extends Schema.Class<Evaluation>("Evaluation")({
  id: Schema.Int,
  runId: Schema.String,
  evaluatorName: Schema.String,
  score: Schema.Number,
  maxScore: Schema.Number,
  details: Schema.NullOr(Schema.String),
  status: EvaluationStatus,
  weight: Schema.NullOr(Schema.Number),
  createdAt: Schema.String
}) {}

export class Telemetry extends Schema.Class<Telemetry>("Telemetry")({
  id: Schema.Int,
  runId: Schema.String,
  toolCalls: Schema.NullOr(Schema.Int),
  tokensIn: Schema.NullOr(Schema.Int),
  tokensOut: Schema.NullOr(Schema.Int),
  cacheReadTokens: Schema.NullOr(Schema.Int),
  cacheWriteTokens: Schema.NullOr(Schema.Int),
  costUsd: Schema.NullOr(Schema.Number),
  judgeCostUsd: Schema.NullOr(Schema.Number),
  judgeTokensIn: Schema.NullOr(Schema.Int),
  judgeTokensOut: Schema.NullOr(Schema.Int),
  durationMs: Schema.NullOr(Schema.Number),
  workspaceDir: Schema.NullOr(Schema.String),
  promptSent: Schema.NullOr(Schema.String)
}, { description: "What a run used: tool calls, tokens, agent and judge cost, duration and its workspace" }) {}

export class ArtifactSummary extends Schema.Class<ArtifactSummary>("ArtifactSummary")({
  name: Schema.String,
  contentType: Schema.String,
  sizeBytes: Schema.Int,
  storedBytes: Schema.Int,
  truncated: Schema.Boolean
}) {}

/** `GET /api/runs/:runId/artifacts`: an artifact with its stored (possibly truncated) content. */
export class Artifact extends ArtifactSummary.extend<Artifact>("Artifact")({
  content: Schema.String
}) {}

/** `GET /api/runs/:runId`: upstream's `{run, evaluations, telemetry}` plus the artifact list. */
export class RunDetail extends Schema.Class<RunDetail>("RunDetail")({
  run: Run,
  evaluations: Schema.Array(Evaluation),
  telemetry: Schema.NullOr(Telemetry),
  artifacts: Schema.Array(ArtifactSummary)
}, { description: "One run with its evaluations, telemetry and the list of its artifacts" }) {}
