import { Batch, BatchComparison, BatchDetail, Run, RunDetail } from "@ze/domain"
import { Schema } from "effect"

const RunJson = Schema.Struct({
  ...Run.fields,
  metadata: Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown })).annotations({
    description: "the run's metadata object (the API stores and returns it as a JSON string)"
  }),
  repeat: Schema.NullOr(Schema.Int).annotations({
    description:
      "which try of its cell this run is, counted from 1 as in every table, CSV and JUnit (the API counts from 0)"
  })
})

const parseMetadata = (text: string | null) => {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : { value }
  } catch {
    return { text }
  }
}

/**
 * A run in ze's JSON documents: `repeat` counted from 1 and `metadata` an object, as a person reads them; decoding
 * gives back the stored run (counted from 0, metadata as a JSON string).
 */
export const RunDocument = Schema.transform(RunJson, Run, {
  strict: true,
  decode: (json) => ({
    ...json,
    metadata: json.metadata === null ? null : JSON.stringify(json.metadata),
    repeat: json.repeat === null ? null : json.repeat - 1
  }),
  encode: (run) => ({
    ...run,
    metadata: parseMetadata(run.metadata),
    repeat: run.repeat === null ? null : run.repeat + 1
  })
})

/** `ze runs show --format json`. */
export const RunDetailDocument = Schema.Struct({ ...RunDetail.fields, run: RunDocument })

/** `ze batches show` and `ze export --format json`: the batch with its runs as documents. */
export const BatchDetailDocument = Schema.Struct({ ...BatchDetail.fields, runs: Schema.Array(RunDocument) })

/** `ze runs list --format json`: one page of runs, newest first, and the cursor of the next page. */
export const RunListDocument = Schema.Struct({
  runs: Schema.Array(RunDocument),
  nextCursor: Schema.NullOr(Schema.String)
})
export type RunListDocument = typeof RunListDocument.Type

/** `ze batches list --format json`. */
export const BatchListDocument = Schema.Struct({
  batches: Schema.Array(Batch),
  nextCursor: Schema.NullOr(Schema.String)
})
export type BatchListDocument = typeof BatchListDocument.Type

export const ScenarioListing = Schema.Struct({
  suite: Schema.String,
  scenario: Schema.String,
  id: Schema.String,
  title: Schema.NullOr(Schema.String),
  tiers: Schema.Array(Schema.String),
  hasFixture: Schema.Boolean,
  hasSolution: Schema.Boolean,
  file: Schema.String
})
export type ScenarioListing = typeof ScenarioListing.Type

export const BrokenScenario = Schema.Struct({
  file: Schema.String,
  issues: Schema.Array(Schema.Struct({ path: Schema.String, problem: Schema.String }))
})
export type BrokenScenario = typeof BrokenScenario.Type

/** `ze suites list --format json`: the scenarios that load, and those that do not (never dropped silently). */
export const SuiteListDocument = Schema.Struct({
  root: Schema.String,
  scenarios: Schema.Array(ScenarioListing),
  broken: Schema.Array(BrokenScenario)
})
export type SuiteListDocument = typeof SuiteListDocument.Type

export const ValidationIssue = Schema.Struct({
  severity: Schema.Literal("error", "warning"),
  scenario: Schema.String,
  file: Schema.String,
  field: Schema.String,
  message: Schema.String
})
export type ValidationIssue = typeof ValidationIssue.Type

/** `ze suites validate --format json`: `valid` is false when any issue is an error. */
export const SuiteValidationDocument = Schema.Struct({
  root: Schema.String,
  scenarios: Schema.Int,
  valid: Schema.Boolean,
  issues: Schema.Array(ValidationIssue)
})
export type SuiteValidationDocument = typeof SuiteValidationDocument.Type

export const ScenarioCheckDocument = Schema.Struct({
  scenario: Schema.String,
  tiers: Schema.Array(Schema.String),
  verdict: Schema.Literal("valid", "no-op passes", "oracle fails", "no reference solution", "cannot run here"),
  reason: Schema.String,
  discriminating: Schema.Array(Schema.String),
  passingOnBaseline: Schema.Array(Schema.String),
  oracleFails: Schema.NullOr(Schema.Array(Schema.String)),
  /** What it needs before it can run that this machine lacks: a program, its warmup agent's key or binary. */
  needs: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
})

/** `ze suites check --format json`: one verdict per scenario; `valid` is false when any is not `valid`. */
/** A cell of a stored batch whose repeats disagree (see `isFlakyCell`), as `ze suites check --flaky-from` lists it. */
export const FlakyCellDocument = Schema.Struct({
  batchId: Schema.String,
  suite: Schema.String,
  scenario: Schema.String,
  tier: Schema.String,
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  passes: Schema.Int,
  attributableRuns: Schema.Int,
  flipRate: Schema.NullOr(Schema.Number)
})
export type FlakyCellDocument = typeof FlakyCellDocument.Type

export const SuiteCheckDocument = Schema.Struct({
  root: Schema.String,
  network: Schema.Boolean,
  valid: Schema.Boolean,
  scenarios: Schema.Array(ScenarioCheckDocument),
  /** With --flaky-from: cells of the checked scenarios that were flaky in those batches. */
  flaky: Schema.optionalWith(Schema.Array(FlakyCellDocument), { default: () => [] })
})
export type SuiteCheckDocument = typeof SuiteCheckDocument.Type

export const CellRefDocument = Schema.Struct({
  runId: Schema.String,
  suite: Schema.String,
  scenario: Schema.String,
  tier: Schema.String,
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  repeat: Schema.Int,
  specialist: Schema.optionalWith(Schema.String, { exact: true })
})

export const CostEstimate = Schema.Struct({
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  specialist: Schema.optionalWith(Schema.String, { exact: true }),
  cells: Schema.Int,
  perRunUsd: Schema.NullOr(Schema.Number),
  /** Where the per-run figure comes from: the agent uses no model, or the stored runs of this agent and model. */
  basis: Schema.String
})

/** `ze bench --dry-run --format json`: what would run, and what it would probably cost. */
export const DryRunDocument = Schema.Struct({
  batchId: Schema.NullOr(Schema.String),
  matrixCells: Schema.Int,
  cells: Schema.Array(CellRefDocument),
  alreadyDone: Schema.Int,
  skipped: Schema.Array(
    Schema.Struct({ suite: Schema.String, scenario: Schema.String, tier: Schema.String, reason: Schema.String })
  ),
  /** Cells that cannot run or cannot be scored here (no fixture, no key, no solution, nothing to score them). */
  blocked: Schema.Array(Schema.Struct({ ...CellRefDocument.fields, reason: Schema.String })),
  /** Scenarios no run of which can pass, as far as is known without running anything. */
  warnings: Schema.Array(Schema.String),
  estimate: Schema.Struct({ totalUsd: Schema.NullOr(Schema.Number), byAgent: Schema.Array(CostEstimate) })
})
export type DryRunDocument = typeof DryRunDocument.Type

export const GateResult = Schema.Struct({ gate: Schema.String, passed: Schema.Boolean, message: Schema.String })
export type GateResult = typeof GateResult.Type

/** `ze bench --format json`: the batch as stored, the comparison with --baseline, every gate and the exit code. */
/** Why `--until-decided` stopped. */
export const StopReason = Schema.Literal("decided", "max-repeats", "max-cost", "baseline-exhausted")
export type StopReason = typeof StopReason.Type

export const UntilDecidedDocument = Schema.Struct({
  rounds: Schema.Int,
  stop: StopReason,
  message: Schema.String
})
export type UntilDecidedDocument = typeof UntilDecidedDocument.Type

export const BenchDocument = Schema.Struct({
  batch: BatchDetailDocument,
  matrixCells: Schema.Int,
  ran: Schema.Int,
  alreadyDone: Schema.Int,
  complete: Schema.Boolean,
  comparison: Schema.NullOr(BatchComparison),
  /** `--until-decided`: the rounds run and why they stopped; null otherwise. */
  untilDecided: Schema.optionalWith(Schema.NullOr(UntilDecidedDocument), { default: () => null }),
  gates: Schema.Array(GateResult),
  exitCode: Schema.Int
})
export type BenchDocument = typeof BenchDocument.Type
