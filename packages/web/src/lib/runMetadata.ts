import { RunBaseline } from "@ze/domain"
import { Either, Option, Schema } from "effect"
import { defined } from "./params.js"

const HeuristicCheck = Schema.Struct({
  name: Schema.String,
  weight: Schema.Number,
  passed: Schema.Boolean,
  description: Schema.optional(Schema.NullOr(Schema.String)),
  error: Schema.optional(Schema.NullOr(Schema.String))
})

const IntegrityFinding = Schema.Struct({ kind: Schema.String, file: Schema.String, detail: Schema.String })

const CommandSummary = Schema.Struct({
  command: Schema.String,
  kind: Schema.String,
  required: Schema.optional(Schema.Boolean),
  exitCode: Schema.optional(Schema.NullOr(Schema.Number)),
  durationMs: Schema.optional(Schema.Number),
  timedOut: Schema.optional(Schema.Boolean)
})

/** The parts of a run's metadata the dashboard shows; anything else (upstream's free-form fields) is shown raw. */
const knownFields = {
  heuristicChecks: Schema.Array(HeuristicCheck),
  integrityFindings: Schema.Array(IntegrityFinding),
  commands: Schema.Array(CommandSummary),
  stage: Schema.String,
  passThreshold: Schema.Number,
  baseline: RunBaseline
}
export type RunMetadata = { readonly [K in keyof typeof knownFields]?: (typeof knownFields)[K]["Type"] }

const JsonRecord = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))

/** Metadata is a JSON string on the wire (upstream's shape). Fields that do not match are left out, not fatal. */
export const parseMetadata = (
  text: string | null
): { readonly known: RunMetadata; readonly raw: Record<string, unknown> | null } => {
  if (text === null) return { known: {}, raw: null }
  const raw = Either.getOrNull(Schema.decodeUnknownEither(JsonRecord)(text))
  if (raw === null) return { known: {}, raw: null }
  const field = <A, I>(schema: Schema.Schema<A, I>, name: string) =>
    Option.getOrUndefined(Schema.decodeUnknownOption(schema)(raw[name]))
  const known: RunMetadata = defined({
    heuristicChecks: field(knownFields.heuristicChecks, "heuristicChecks"),
    integrityFindings: field(knownFields.integrityFindings, "integrityFindings"),
    commands: field(knownFields.commands, "commands"),
    stage: field(knownFields.stage, "stage"),
    passThreshold: field(knownFields.passThreshold, "passThreshold"),
    baseline: field(knownFields.baseline, "baseline")
  })
  return { known, raw }
}

const JudgeDetails = Schema.parseJson(Schema.Struct({
  scores: Schema.Array(Schema.Struct({
    category: Schema.String,
    score: Schema.optional(Schema.NullOr(Schema.Number)),
    weight: Schema.optional(Schema.NullOr(Schema.Number)),
    reasoning: Schema.optional(Schema.String)
  })),
  overall_assessment: Schema.optional(Schema.String),
  model: Schema.optional(Schema.String),
  provider: Schema.optional(Schema.String)
}))
export type JudgeDetails = typeof JudgeDetails.Type

/** The LLM judge's details: categories with scores and reasoning, when the details are the judge's JSON. */
export const parseJudgeDetails = (details: string | null): JudgeDetails | null =>
  details === null ? null : Either.getOrNull(Schema.decodeUnknownEither(JudgeDetails)(details))

const BatchPlan = Schema.parseJson(Schema.Struct({ cells: Schema.Int, repeats: Schema.optional(Schema.Int) }))

/** How many runs a ze batch planned (its metadata's `cells`), when it says so; upstream batches do not. */
export const plannedRuns = (metadata: string | null): number | null =>
  metadata === null
    ? null
    : Either.getOrNull(Either.map(Schema.decodeUnknownEither(BatchPlan)(metadata), (plan) => plan.cells))
