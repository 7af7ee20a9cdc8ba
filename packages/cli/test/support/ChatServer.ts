import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

/** A chat-completions request as the openai agent sends it. */
export interface ChatRequest {
  readonly url: string
  readonly body: {
    readonly model: string
    readonly messages: ReadonlyArray<{ readonly role: string }>
    readonly tools?: ReadonlyArray<unknown>
  }
}

/** What the scripted model says to one request: text, or one tool call. */
export type ChatAnswer =
  | { readonly text: string }
  | { readonly tool: string; readonly arguments: unknown }

/**
 * An OpenAI-compatible chat-completions endpoint on loopback for `ze` run as a process: `answer` scripts each reply,
 * every reply spends 1,200 tokens in and 80 out, and `model` says which model answered (the requested one by default).
 */
export const startChatServer = async (
  answer: (request: ChatRequest) => ChatAnswer,
  model?: string
) => {
  const requests: Array<ChatRequest> = []
  const server = createServer((request, response) => {
    let text = ""
    request.on("data", (chunk) => (text += chunk))
    request.on("end", () => {
      const received: ChatRequest = { url: request.url ?? "", body: JSON.parse(text) }
      requests.push(received)
      const reply = answer(received)
      const message = "text" in reply ? { role: "assistant", content: reply.text } : {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: `call_${requests.length}`,
          type: "function",
          function: { name: reply.tool, arguments: JSON.stringify(reply.arguments) }
        }]
      }
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        model: model ?? received.body.model,
        choices: [{ index: 0, message, finish_reason: "text" in reply ? "stop" : "tool_calls" }],
        usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280 }
      }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
