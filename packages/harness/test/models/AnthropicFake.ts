import type { FakeRequest, FakeResponse } from "./FakeServer.js"

export interface FakeUsage {
  readonly input_tokens: number
  readonly output_tokens: number
  readonly cache_creation_input_tokens?: number
  readonly cache_read_input_tokens?: number
}

type Block =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "tool_use"; readonly id: string; readonly name: string; readonly input: unknown }

let counter = 0

/** A Messages API answer, as the real API shapes it. */
export const anthropicMessage = (
  content: ReadonlyArray<Block>,
  usage: FakeUsage,
  model = "claude-sonnet-5-5-20261015"
): FakeResponse => ({
  body: {
    id: `msg_${++counter}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: {
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      ...usage,
      cache_creation: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: "standard"
    }
  }
})

export const toolUse = (name: string, input: unknown) => ({
  type: "tool_use" as const,
  id: `toolu_${++counter}`,
  name,
  input
})
export const text = (value: string) => ({ type: "text" as const, text: value })

export const anthropicError = (
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {}
): FakeResponse => ({
  status,
  headers,
  body: { type: "error", error: { type, message } }
})

interface MessagesBody {
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: unknown }>
}

/** The last `tool_result` the client sent (its text), to let a scripted step check what the tool returned. */
export const lastToolResult = (request: FakeRequest): { readonly content: string; readonly is_error?: boolean } => {
  const body = request.body as MessagesBody
  const last = body.messages.at(-1)
  const blocks = Array.isArray(last?.content)
    ? (last.content as ReadonlyArray<{ type: string; content: string; is_error?: boolean }>)
    : []
  const result = blocks.find((b) => b.type === "tool_result")
  if (result === undefined) throw new Error("the last message carries no tool_result")
  return result
}
