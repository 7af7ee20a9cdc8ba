import { Schema } from "effect"

/** Chat Completions wire shapes (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp server): only what ze reads. */
export const ChatToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.optional(Schema.String),
  function: Schema.Struct({ name: Schema.String, arguments: Schema.String })
})
export type ChatToolCall = typeof ChatToolCall.Type

export const ChatResponseMessage = Schema.Struct({
  role: Schema.String,
  content: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  tool_calls: Schema.optionalWith(Schema.NullOr(Schema.Array(ChatToolCall)), { default: () => null })
})

export const ChatUsage = Schema.Struct({
  prompt_tokens: Schema.Number,
  completion_tokens: Schema.Number,
  prompt_tokens_details: Schema.optional(Schema.NullOr(Schema.Struct({
    cached_tokens: Schema.optional(Schema.NullOr(Schema.Number)),
    cache_write_tokens: Schema.optional(Schema.NullOr(Schema.Number))
  }))),
  /** OpenRouter's charge for the request in USD (sent when the request asks for `usage: { include: true }`). */
  cost: Schema.optional(Schema.NullOr(Schema.Number))
})
export type ChatUsage = typeof ChatUsage.Type

export const ChatResponse = Schema.Struct({
  id: Schema.optional(Schema.String),
  model: Schema.String,
  choices: Schema.NonEmptyArray(Schema.Struct({
    index: Schema.optional(Schema.Number),
    message: ChatResponseMessage,
    finish_reason: Schema.optional(Schema.NullOr(Schema.String))
  })),
  usage: Schema.optional(Schema.NullOr(ChatUsage))
})
export type ChatResponse = typeof ChatResponse.Type

export const ChatErrorBody = Schema.Struct({
  error: Schema.Struct({ message: Schema.String, type: Schema.optional(Schema.NullOr(Schema.String)) })
})

export type ChatMessage =
  | { readonly role: "system" | "user"; readonly content: string }
  | { readonly role: "assistant"; readonly content: string | null; readonly tool_calls?: ReadonlyArray<ChatToolCall> }
  | { readonly role: "tool"; readonly tool_call_id: string; readonly content: string }

export interface ChatTool {
  readonly type: "function"
  readonly function: { readonly name: string; readonly description: string; readonly parameters: unknown }
}

export interface ChatRequest {
  readonly model: string
  readonly messages: ReadonlyArray<ChatMessage>
  readonly tools?: ReadonlyArray<ChatTool>
  readonly tool_choice?: "auto"
  readonly max_tokens?: number
  readonly temperature?: number
  readonly response_format?: { readonly type: "json_object" }
  readonly usage?: { readonly include: boolean }
}
