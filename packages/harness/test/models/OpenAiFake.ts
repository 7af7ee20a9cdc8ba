import type { FakeResponse } from "./FakeServer.js"

let counter = 0

export interface FakeChatUsage {
  readonly prompt_tokens: number
  readonly completion_tokens: number
  readonly cached_tokens?: number
  readonly cost?: number
}

/** A Chat Completions answer, as OpenAI-compatible servers shape it. */
export const chatCompletionResponse = (
  message: {
    readonly content?: string | null
    readonly toolCalls?: ReadonlyArray<{ readonly name: string; readonly arguments: unknown }>
  },
  usage: FakeChatUsage,
  model = "gpt-test-1"
): FakeResponse => {
  const toolCalls = (message.toolCalls ?? []).map((c) => ({
    id: `call_${++counter}`,
    type: "function",
    function: { name: c.name, arguments: JSON.stringify(c.arguments) }
  }))
  return {
    body: {
      id: `chatcmpl-${++counter}`,
      object: "chat.completion",
      created: 1_760_000_000,
      model,
      choices: [{
        index: 0,
        message: {
          role: "assistant",
          content: message.content ?? null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {})
        },
        finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop"
      }],
      usage: {
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
        ...(usage.cached_tokens === undefined ? {} : { prompt_tokens_details: { cached_tokens: usage.cached_tokens } }),
        ...(usage.cost === undefined ? {} : { cost: usage.cost })
      }
    }
  }
}

export const chatError = (status: number, message: string, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers,
  body: { error: { message, type: "invalid_request_error" } }
})
