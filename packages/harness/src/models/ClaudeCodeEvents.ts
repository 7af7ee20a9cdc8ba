import { Schema } from "effect"

/** Claude Code's `--output-format stream-json` events: only what ze reads; other events and fields are ignored. */
const StreamUsage = Schema.Struct({
  input_tokens: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  output_tokens: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  cache_creation_input_tokens: Schema.optionalWith(Schema.NullOr(Schema.Number), { default: () => 0 }),
  cache_read_input_tokens: Schema.optionalWith(Schema.NullOr(Schema.Number), { default: () => 0 })
})
export type StreamUsage = typeof StreamUsage.Type

const TextBlock = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const ToolUseBlock = Schema.Struct({
  type: Schema.Literal("tool_use"),
  id: Schema.String,
  name: Schema.String,
  input: Schema.Unknown
})
const ToolResultBlock = Schema.Struct({
  type: Schema.Literal("tool_result"),
  tool_use_id: Schema.String,
  content: Schema.optional(Schema.Unknown),
  is_error: Schema.optional(Schema.NullOr(Schema.Boolean))
})
const OtherBlock = Schema.Struct({ type: Schema.String })
const Block = Schema.Union(TextBlock, ToolUseBlock, ToolResultBlock, OtherBlock)
export type Block = typeof Block.Type

export const SystemEvent = Schema.Struct({
  type: Schema.Literal("system"),
  subtype: Schema.optional(Schema.String),
  model: Schema.optional(Schema.String),
  session_id: Schema.optional(Schema.String),
  claude_code_version: Schema.optional(Schema.String)
})

export const AssistantEvent = Schema.Struct({
  type: Schema.Literal("assistant"),
  message: Schema.Struct({
    id: Schema.optional(Schema.String),
    model: Schema.optional(Schema.String),
    content: Schema.Array(Block),
    usage: Schema.optional(StreamUsage)
  })
})

export const UserEvent = Schema.Struct({
  type: Schema.Literal("user"),
  message: Schema.Struct({ content: Schema.Union(Schema.String, Schema.Array(Block)) })
})

export const ResultEvent = Schema.Struct({
  type: Schema.Literal("result"),
  subtype: Schema.String,
  is_error: Schema.optional(Schema.Boolean),
  result: Schema.optional(Schema.String),
  num_turns: Schema.optional(Schema.Number),
  total_cost_usd: Schema.optional(Schema.NullOr(Schema.Number)),
  usage: Schema.optional(StreamUsage)
})
export type ResultEvent = typeof ResultEvent.Type

export const StreamEvent = Schema.Union(SystemEvent, AssistantEvent, UserEvent, ResultEvent)
export type StreamEvent = typeof StreamEvent.Type

/** One line of stdout as an event, or `undefined` for anything else (log lines, unknown event types). */
export const parseStreamLine = (line: string): StreamEvent | undefined => {
  const trimmed = line.trim()
  if (!trimmed.startsWith("{")) return undefined
  const decoded = Schema.decodeUnknownEither(Schema.parseJson(StreamEvent))(trimmed)
  return decoded._tag === "Right" ? decoded.right : undefined
}

/** A tool result's content as text (a string, or text blocks). */
export const resultText = (content: unknown): string => {
  if (typeof content === "string") return content
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        typeof part === "object" && part !== null && "text" in part && typeof part.text === "string"
          ? part.text
          : JSON.stringify(part)
      )
      .join("\n")
  }
  return content === undefined ? "" : JSON.stringify(content)
}
