import { Option, Schema } from "effect"

/** One scripted warmup command as it ran. */
export const WarmupCommand = Schema.Struct({
  cmd: Schema.String,
  description: Schema.NullOr(Schema.String),
  exitCode: Schema.NullOr(Schema.Number),
  timedOut: Schema.Boolean,
  durationMs: Schema.Number,
  /** The end of its stderr (or stdout when stderr is empty). */
  outputTail: Schema.String
})
export type WarmupCommand = typeof WarmupCommand.Type

/** What an agent warmup spent and said. */
export const WarmupAgent = Schema.Struct({
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  tokensIn: Schema.NullOr(Schema.Number),
  tokensOut: Schema.NullOr(Schema.Number),
  costUsd: Schema.NullOr(Schema.Number),
  finalText: Schema.String
})
export type WarmupAgent = typeof WarmupAgent.Type

/**
 * A scenario's warmup (scenario.yaml `warmup:`), run once per batch before its cells on a copy of the fixture:
 * what it prepared is the fixture every cell of that scenario starts from. A failed warmup fails those cells.
 */
export const WarmupOutcome = Schema.Struct({
  scenario: Schema.String,
  type: Schema.NullOr(Schema.String),
  status: Schema.Literal("succeeded", "failed", "skipped"),
  reason: Schema.NullOr(Schema.String),
  startedAt: Schema.String,
  durationMs: Schema.Number,
  commands: Schema.Array(WarmupCommand),
  agent: Schema.NullOr(WarmupAgent),
  /** The prepared fixture's top-level entries. */
  files: Schema.Array(Schema.String),
  /** An agent warmup's `control/` folder contents (it must be there and not empty), null for scripted ones. */
  control: Schema.NullOr(Schema.Array(Schema.String))
})
export type WarmupOutcome = typeof WarmupOutcome.Type

/** What a harness batch records of its warmups, in its metadata, by `suite/scenario`. */
export const BatchWarmups = Schema.Struct({
  warmups: Schema.optionalWith(Schema.Record({ key: Schema.String, value: WarmupOutcome }), { default: () => ({}) })
})

const decodeWarmups = Schema.decodeUnknownOption(Schema.parseJson(BatchWarmups))

/** The warmups in a stored batch's metadata text; none for batches without warmups or from other tools. */
export const batchWarmupsOf = (metadata: string | null): Readonly<Record<string, WarmupOutcome>> =>
  Option.match(decodeWarmups(metadata ?? "{}"), { onNone: () => ({}), onSome: (decoded) => decoded.warmups })

/** What a batch's agent warmups spent together; the runs' cost (`totalCostUsd`) does not include it. */
export interface WarmupSpend {
  /** Warmups that ran an agent. */
  readonly agentWarmups: number
  readonly tokensIn: number
  readonly tokensOut: number
  /** The priced warmups' cost (0 when none was priced). */
  readonly costUsd: number
  /** Agent warmups whose model had no price: their cost is not in `costUsd`. */
  readonly unpriced: number
}

/** The warmups' spend, summed once here for `ze batches show`, the bench report and the dashboard. */
export const warmupSpendOf = (warmups: Readonly<Record<string, WarmupOutcome>>): WarmupSpend =>
  Object.values(warmups).reduce<WarmupSpend>(
    (sum, { agent }) =>
      agent === null ? sum : {
        agentWarmups: sum.agentWarmups + 1,
        tokensIn: sum.tokensIn + (agent.tokensIn ?? 0),
        tokensOut: sum.tokensOut + (agent.tokensOut ?? 0),
        costUsd: sum.costUsd + (agent.costUsd ?? 0),
        unpriced: sum.unpriced + (agent.costUsd === null ? 1 : 0)
      },
    { agentWarmups: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, unpriced: 0 }
  )
