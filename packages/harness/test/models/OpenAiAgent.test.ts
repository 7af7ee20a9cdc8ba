import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { makeOpenAiAgent, openAiAgentConfig } from "../../src/models/OpenAiAgent.js"
import type { OpenAiAgentOptions } from "../../src/models/OpenAiAgent.js"
import { OPENROUTER_BASE_URL } from "../../src/models/OpenAiClient.js"
import { SYSTEM_PROMPT } from "../../src/models/SystemPrompt.js"
import { fakeServer } from "./FakeServer.js"
import type { FakeRequest } from "./FakeServer.js"
import { FIZZBUZZ_FIX, FIZZBUZZ_TEST, fizzbuzzWorkspace } from "./Fixture.js"
import { chatCompletionResponse, chatError } from "./OpenAiFake.js"

const options = (baseUrl: string, overrides: Partial<OpenAiAgentOptions> = {}): OpenAiAgentOptions => ({
  baseUrl,
  apiKey: Option.some(Redacted.make("sk-openai-test")),
  keyName: "OPENAI_API_KEY",
  openRouter: false,
  maxRetries: 2,
  requestTimeoutMs: 10_000,
  http: FetchHttpClient.layer,
  defaultModel: Option.none(),
  maxTokensPerTurn: 2048,
  defaultMaxTurns: 20,
  temperature: Option.none(),
  systemPrompt: SYSTEM_PROMPT,
  ...overrides
})

interface SentBody {
  readonly model: string
  readonly tools: ReadonlyArray<
    { readonly type: string; readonly function: { readonly name: string; readonly parameters: unknown } }
  >
  readonly messages: ReadonlyArray<
    {
      readonly role: string
      readonly content: string | null
      readonly tool_call_id?: string
      readonly tool_calls?: ReadonlyArray<{ readonly id: string }>
    }
  >
}
const sent = (request: FakeRequest | undefined) => request?.body as SentBody

const MODEL = "anthropic/claude-sonnet-4.5"

describe("openai-compatible agent over a fake chat completions server", () => {
  it.scoped("reads the stub, writes the fix, runs the tests and stops: the demo scenario then passes", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        chatCompletionResponse(
          { content: "Reading the stub.", toolCalls: [{ name: "readFile", arguments: { path: "src/fizzbuzz.js" } }] },
          { prompt_tokens: 1000, completion_tokens: 40 },
          MODEL
        ),
        chatCompletionResponse(
          { toolCalls: [{ name: "writeFile", arguments: { path: "src/fizzbuzz.js", content: FIZZBUZZ_FIX } }] },
          { prompt_tokens: 1200, completion_tokens: 300, cached_tokens: 1000 },
          MODEL
        ),
        chatCompletionResponse({ toolCalls: [{ name: "runCommand", arguments: { command: FIZZBUZZ_TEST } }] }, {
          prompt_tokens: 1500,
          completion_tokens: 30,
          cached_tokens: 1200
        }, MODEL),
        chatCompletionResponse({ content: "Done: fizzbuzz implemented, tests pass." }, {
          prompt_tokens: 1800,
          completion_tokens: 20,
          cached_tokens: 1500
        }, MODEL)
      ])
      const ws = yield* fizzbuzzWorkspace({}, MODEL)
      const output = yield* makeOpenAiAgent(options(server.url)).run(ws.input)
      expect(output.finalText).toBe("Done: fizzbuzz implemented, tests pass.")
      expect(output.resolvedModel).toBe(MODEL)
      expect(readFileSync(join(ws.root, "src/fizzbuzz.js"), "utf8")).toBe(FIZZBUZZ_FIX)
      expect((yield* ws.validate).requiredFailures).toEqual([])
      // Prompt tokens include cached ones: 5500 prompt, 3700 cached → 1800 uncached input.
      expect(output.usage).toMatchObject({ tokensIn: 1800, tokensOut: 390, cacheReadTokens: 3700, cacheWriteTokens: 0 })
      expect(output.usage.costUsd).toBeCloseTo((1800 * 3 + 390 * 15 + 3700 * 0.3) / 1e6, 15)

      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(4).fill("POST /chat/completions"))
      expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-openai-test")
      const first = sent(server.requests[0])
      expect(first.model).toBe(MODEL)
      expect(first.messages).toEqual([{ role: "system", content: SYSTEM_PROMPT }, {
        role: "user",
        content: ws.input.prompt
      }])
      expect(first.tools.find((t) => t.function.name === "runCommand")).toMatchObject({
        type: "function",
        function: {
          parameters: {
            type: "object",
            required: ["command"],
            properties: { command: { type: "string" }, timeoutMs: { type: "integer" } }
          }
        }
      })
      const last = sent(server.requests[3])
      expect(last.messages.map((m) => m.role)).toEqual([
        "system",
        "user",
        "assistant",
        "tool",
        "assistant",
        "tool",
        "assistant",
        "tool"
      ])
      expect(last.messages[3]?.tool_call_id).toBe(last.messages[2]?.tool_calls?.[0]?.id)
      expect(last.messages[3]?.content).toContain("not implemented")
      expect(JSON.parse(last.messages[7]?.content ?? "{}")).toMatchObject({ exitCode: 0 })
      const steps = yield* ws.transcript.steps
      expect(steps.map((s) => (s._tag === "message" ? s.role : s.tool))).toEqual([
        "system",
        "user",
        "assistant",
        "readFile",
        "writeFile",
        "runCommand",
        "assistant"
      ])
    }))

  it.live("retries 429 and 503 honouring retry-after, then succeeds", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        chatError(429, "rate limited", { "retry-after": "0.3" }),
        chatError(503, "unavailable"),
        chatCompletionResponse({ content: "ok" }, { prompt_tokens: 5, completion_tokens: 1 })
      ])
      const ws = yield* fizzbuzzWorkspace({}, "gpt-test-1")
      const started = Date.now()
      const output = yield* makeOpenAiAgent(options(server.url)).run(ws.input)
      expect(output.finalText).toBe("ok")
      expect(output.usage.costUsd).toBeNull()
      expect(server.requests).toHaveLength(3)
      expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    }).pipe(Effect.scoped))

  it.live("an invalid key fails fast with the server's message", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([chatError(401, "Incorrect API key provided")])
      const ws = yield* fizzbuzzWorkspace({}, "gpt-test-1")
      const error = yield* Effect.flip(makeOpenAiAgent(options(server.url)).run(ws.input))
      expect(error.message).toBe(
        `${server.url}/chat/completions refused the request (401 Incorrect API key provided); check OPENAI_API_KEY`
      )
      expect(server.requests).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.scoped("an answer cut off at the token limit is a budget stop, not a success", () =>
    Effect.gen(function*() {
      const cut = chatCompletionResponse({ content: "The fix is to" }, { prompt_tokens: 10, completion_tokens: 2048 })
      const body = cut.body as { choices: Array<{ finish_reason: string }> }
      body.choices[0]!.finish_reason = "length"
      const server = yield* fakeServer([cut])
      const ws = yield* fizzbuzzWorkspace({}, "gpt-test-1")
      const error = yield* Effect.flip(makeOpenAiAgent(options(server.url)).run(ws.input))
      expect(error).toMatchObject({ _tag: "AgentBudgetExceeded", limit: "maxTokens" })
      expect(error.usage?.tokensOut).toBe(2048)
    }))

  it.scoped("an undecodable answer is a clear error", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([{ body: { choices: [] } }])
      const ws = yield* fizzbuzzWorkspace({}, "gpt-test-1")
      const error = yield* Effect.flip(makeOpenAiAgent(options(server.url)).run(ws.input))
      expect(error.message).toContain("is not a chat completion")
    }))

  it.scoped("max turns and OpenRouter's reported cost against the cost ceiling", () =>
    Effect.gen(function*() {
      const again = chatCompletionResponse({ toolCalls: [{ name: "listFiles", arguments: {} }] }, {
        prompt_tokens: 10,
        completion_tokens: 5,
        cost: 0.02
      }, "openai/gpt-5")
      const server = yield* fakeServer([again, again, again, again])
      const turns = yield* fizzbuzzWorkspace({ maxTurns: 2 }, "openai/gpt-5")
      const error = yield* Effect.flip(makeOpenAiAgent(options(server.url, { openRouter: true })).run(turns.input))
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("maxTurns")
      const cost = yield* fizzbuzzWorkspace({ maxCostUsd: 0.03 }, "openai/gpt-5")
      const over = yield* Effect.flip(makeOpenAiAgent(options(server.url, { openRouter: true })).run(cost.input))
      expect(over._tag === "AgentBudgetExceeded" && over.limit).toBe("maxCostUsd")
      expect(server.requests).toHaveLength(4)
      expect(server.requests[0]?.body).toMatchObject({ usage: { include: true } })
    }))

  it.effect("OPENROUTER_API_KEY selects OpenRouter; OPENAI_BASE_URL wins", () =>
    Effect.gen(function*() {
      const fromMap = (entries: ReadonlyArray<[string, string]>) =>
        openAiAgentConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries))))
      const openRouter = yield* fromMap([["OPENROUTER_API_KEY", "or"]])
      expect(openRouter).toMatchObject({
        baseUrl: OPENROUTER_BASE_URL,
        openRouter: true,
        keyName: "OPENROUTER_API_KEY"
      })
      expect(Option.map(openRouter.apiKey, Redacted.value)).toEqual(Option.some("or"))
      const local = yield* fromMap([["OPENROUTER_API_KEY", "or"], ["OPENAI_BASE_URL", "http://127.0.0.1:11434/v1/"]])
      expect(local).toMatchObject({ baseUrl: "http://127.0.0.1:11434/v1", openRouter: false })
    }))
})
