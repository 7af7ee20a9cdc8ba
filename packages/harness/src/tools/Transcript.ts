import { Effect, Ref, Schema } from "effect"

export const MessageStep = Schema.TaggedStruct("message", {
  role: Schema.Literal("system", "user", "assistant"),
  content: Schema.String,
  at: Schema.String
})

export const ToolCallStep = Schema.TaggedStruct("tool_call", {
  tool: Schema.String,
  input: Schema.Unknown,
  output: Schema.optional(Schema.String),
  error: Schema.optional(Schema.String),
  at: Schema.String,
  durationMs: Schema.Number
})

export const TranscriptStep = Schema.Union(MessageStep, ToolCallStep)
export type TranscriptStep = typeof TranscriptStep.Type

/** What an agent did, step by step: stored as the `transcript.json` artifact and read back by `replay`. */
export const Transcript = Schema.Struct({
  version: Schema.Literal(1),
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  steps: Schema.Array(TranscriptStep)
})
export type Transcript = typeof Transcript.Type

export const decodeTranscriptJson = Schema.decodeUnknown(Schema.parseJson(Transcript))

export interface TranscriptRecorder {
  readonly message: (role: "system" | "user" | "assistant", content: string) => Effect.Effect<void>
  readonly record: (step: TranscriptStep) => Effect.Effect<void>
  readonly steps: Effect.Effect<ReadonlyArray<TranscriptStep>>
}

export const makeTranscriptRecorder = Effect.map(Ref.make<ReadonlyArray<TranscriptStep>>([]), (ref): TranscriptRecorder => {
  const record = (step: TranscriptStep) => Ref.update(ref, (steps) => [...steps, step])
  return {
    record,
    message: (role, content) => record({ _tag: "message", role, content, at: new Date().toISOString() }),
    steps: Ref.get(ref)
  }
})

export const toolCallCount = (steps: ReadonlyArray<TranscriptStep>) => steps.filter((s) => s._tag === "tool_call").length
