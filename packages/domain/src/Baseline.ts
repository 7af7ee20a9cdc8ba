import { Option, Schema } from "effect"

/** One check as it came out on the untouched fixture: a validation command or a single heuristic check. */
export const BaselineCheck = Schema.Struct({
  /** `tests_nonregression`, or `heuristic_checks.<check>` for a heuristic check. */
  name: Schema.String,
  evaluator: Schema.String,
  passes: Schema.Boolean,
  detail: Schema.String
})
export type BaselineCheck = typeof BaselineCheck.Type

/**
 * A scenario's untouched fixture evaluated with its own evaluators and no agent. A check that passes here carries
 * no signal about an agent; the LLM judge is never run on it (it judges a change, and a no-op has none).
 */
export const ScenarioBaseline = Schema.Struct({
  scenario: Schema.String,
  /** The scenario's fingerprint (scenario.yaml, prompts, fixture, solution) the baseline was evaluated for. */
  fingerprint: Schema.String,
  evaluatedAt: Schema.String,
  checks: Schema.Array(BaselineCheck),
  /** Why the judge cannot tell a no-op from a solution here, or null when it can (enabled with categories). */
  judgeNotApplicable: Schema.NullOr(Schema.String)
})
export type ScenarioBaseline = typeof ScenarioBaseline.Type

/** The checks that fail on the untouched fixture: the only ones that can tell a solution from a no-op. */
export const discriminatingChecks = (baseline: ScenarioBaseline) => baseline.checks.filter((check) => !check.passes)

/** What a harness batch records of where its runs came from, in its metadata. */
export const BatchProvenance = Schema.Struct({
  suitesDir: Schema.optional(Schema.NullOr(Schema.String)),
  fingerprints: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), {
    default: () => ({})
  }),
  baselines: Schema.optionalWith(Schema.Record({ key: Schema.String, value: ScenarioBaseline }), {
    default: () => ({})
  })
})
export type BatchProvenance = typeof BatchProvenance.Type

const decodeProvenance = Schema.decodeUnknownOption(Schema.parseJson(BatchProvenance))

/** The provenance in a stored batch's metadata text; empty for batches from other tools or older versions. */
export const batchProvenanceOf = (metadata: string | null): BatchProvenance =>
  Option.getOrElse(decodeProvenance(metadata ?? "{}"), () => ({ fingerprints: {}, baselines: {} }))

/** What a run records of the baseline it was scored against, in its metadata (`baseline`). */
export const RunBaseline = Schema.Struct({
  fingerprint: Schema.String,
  passingOnBaseline: Schema.Array(Schema.String),
  discriminating: Schema.Array(Schema.String),
  /** The discriminating checks this run passed: a run passes only with at least one (or a judge that ran and passed). */
  passedDiscriminating: Schema.Array(Schema.String)
})
export type RunBaseline = typeof RunBaseline.Type
