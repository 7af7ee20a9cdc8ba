import { Schema } from "effect"

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

/** What an agent did, step by step: the `transcript.json` artifact of a run, read by `replay` and the dashboard. */
export const Transcript = Schema.Struct({
  version: Schema.Literal(1),
  agent: Schema.String,
  model: Schema.NullOr(Schema.String),
  steps: Schema.Array(TranscriptStep)
})
export type Transcript = typeof Transcript.Type

export const decodeTranscriptJson = Schema.decodeUnknown(Schema.parseJson(Transcript))
