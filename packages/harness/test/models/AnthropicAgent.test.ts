import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { makeAnthropicAgent } from "../../src/models/AnthropicAgent.js"
import type { AnthropicAgentOptions } from "../../src/models/AnthropicAgent.js"
import { SYSTEM_PROMPT } from "../../src/models/SystemPrompt.js"
import { anthropicError, anthropicMessage, text, toolUse } from "./AnthropicFake.js"
import { fakeServer } from "./FakeServer.js"
import type { FakeRequest } from "./FakeServer.js"
import { FIZZBUZZ_FIX, FIZZBUZZ_TEST, fizzbuzzWorkspace } from "./Fixture.js"

const KEY = "sk-ant-test-key"

const options = (baseUrl: string, overrides: Partial<AnthropicAgentOptions> = {}): AnthropicAgentOptions => ({
  apiKey: Option.some(Redacted.make(KEY)),
  baseUrl,
  maxRetries: 2,
  requestTimeoutMs: 10_000,
  defaultModel: "claude-sonnet-5-5",
  maxTokensPerTurn: 4096,
  defaultMaxTurns: 20,
  systemPrompt: SYSTEM_PROMPT,
  ...overrides
})

interface SentBody {
  readonly model: string
  readonly max_tokens: number
  readonly system: string
  readonly tools: ReadonlyArray<
    { readonly name: string; readonly input_schema: { readonly required?: ReadonlyArray<string> } }
  >
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: unknown }>
}
const sent = (request: FakeRequest | undefined) => request?.body as SentBody

const scriptedFix = [
  anthropicMessage([text("Let me look at the stub."), toolUse("readFile", { path: "src/fizzbuzz.js" })], {
    input_tokens: 1000,
    output_tokens: 50,
    cache_creation_input_tokens: 2000
  }),
  anthropicMessage([toolUse("writeFile", { path: "src/fizzbuzz.js", content: FIZZBUZZ_FIX })], {
    input_tokens: 300,
    output_tokens: 400,
    cache_read_input_tokens: 2000
  }),
  anthropicMessage([toolUse("runCommand", { command: FIZZBUZZ_TEST })], {
    input_tokens: 200,
    output_tokens: 60,
    cache_read_input_tokens: 2000
  }),
  anthropicMessage([text("Implemented fizzbuzz; the tests pass.")], {
    input_tokens: 100,
    output_tokens: 30,
    cache_read_input_tokens: 2000
  })
]

describe("anthropic agent over a fake Messages API", () => {
  it.scoped("reads the stub, writes the fix, runs the tests and stops: the demo scenario then passes", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer(scriptedFix)
      const ws = yield* fizzbuzzWorkspace()
      const output = yield* makeAnthropicAgent(options(server.url)).run(ws.input)

      expect(output.finalText).toBe("Implemented fizzbuzz; the tests pass.")
      expect(output.resolvedModel).toBe("claude-sonnet-5-5-20261015")
      expect(output.usage).toEqual({
        tokensIn: 1600,
        tokensOut: 540,
        cacheWriteTokens: 2000,
        cacheReadTokens: 6000,
        costUsd: expect.any(Number)
      })
      // Sonnet 5.5: $2 input, $10 output, $2.50 cache write, $0.10 cache read per million tokens.
      expect(output.usage.costUsd).toBeCloseTo((1600 * 2 + 540 * 10 + 2000 * 2.5 + 6000 * 0.1) / 1e6, 12)
      expect(readFileSync(join(ws.root, "src/fizzbuzz.js"), "utf8")).toBe(FIZZBUZZ_FIX)
      const validation = yield* ws.validate
      expect(validation.requiredFailures).toEqual([])
      expect(validation.runs.map((r) => r.passed)).toEqual([true])

      expect(server.requests).toHaveLength(4)
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(4).fill("POST /v1/messages"))
      const auth = `${server.requests[0]?.headers["x-api-key"] ?? ""} ${
        server.requests[0]?.headers.authorization ?? ""
      }`
      expect(auth).toContain(KEY)
      const first = sent(server.requests[0])
      expect(first.model).toBe("claude-sonnet-5-5")
      expect(first.system).toBe(SYSTEM_PROMPT)
      expect(first.messages).toEqual([{ role: "user", content: ws.input.prompt }])
      expect(first.tools.map((t) => t.name)).toEqual([
        "readFile",
        "writeFile",
        "listFiles",
        "runCommand",
        "askUser",
        "applyPatch"
      ])
      expect(first.tools.find((t) => t.name === "writeFile")?.input_schema).toMatchObject({
        type: "object",
        required: ["path", "content"],
        properties: { path: { type: "string" }, content: { type: "string" } }
      })
      const last = sent(server.requests[3])
      expect(last.messages.map((m) => m.role)).toEqual([
        "user",
        "assistant",
        "user",
        "assistant",
        "user",
        "assistant",
        "user"
      ])
      expect(last.messages[1]?.content).toEqual([
        { type: "text", text: "Let me look at the stub." },
        { type: "tool_use", id: expect.any(String), name: "readFile", input: { path: "src/fizzbuzz.js" } }
      ])
      const readResult = (sent(server.requests[1]).messages[2]?.content as ReadonlyArray<
        { type: string; content: string; is_error: boolean }
      >)[0]
      expect(readResult).toMatchObject({ type: "tool_result", is_error: false })
      expect(readResult?.content).toContain("not implemented")
      const testResult = (last.messages[6]?.content as ReadonlyArray<{ content: string }>)[0]?.content ?? ""
      expect(JSON.parse(testResult)).toMatchObject({ exitCode: 0, timedOut: false })

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

  it.live("retries 429 and 529 honouring retry-after, then succeeds", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        anthropicError(429, "rate_limit_error", "slow down", { "retry-after": "0.3" }),
        anthropicError(529, "overloaded_error", "Overloaded", { "retry-after-ms": "50" }),
        anthropicMessage([text("done")], { input_tokens: 10, output_tokens: 2 })
      ])
      const ws = yield* fizzbuzzWorkspace()
      const started = Date.now()
      const output = yield* makeAnthropicAgent(options(server.url)).run(ws.input)
      expect(output.finalText).toBe("done")
      expect(server.requests).toHaveLength(3)
      expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    }).pipe(Effect.scoped))

  it.live("an invalid key fails fast with a clear message and no retry", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([anthropicError(401, "authentication_error", "invalid x-api-key")])
      const ws = yield* fizzbuzzWorkspace()
      const started = Date.now()
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url)).run(ws.input))
      expect(error._tag).toBe("AgentError")
      expect(error.message).toBe(
        "Anthropic rejected the API key (401 authentication_error: invalid x-api-key); check ANTHROPIC_API_KEY"
      )
      expect(server.requests).toHaveLength(1)
      expect(Date.now() - started).toBeLessThan(2000)
    }).pipe(Effect.scoped))

  it.live("a failure after some turns still reports what those turns spent", () =>
    Effect.gen(function*() {
      const turn = anthropicMessage([toolUse("listFiles", {})], { input_tokens: 1000, output_tokens: 100 })
      const server = yield* fakeServer([turn, anthropicError(401, "authentication_error", "key revoked")])
      const ws = yield* fizzbuzzWorkspace()
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url)).run(ws.input))
      expect(error._tag).toBe("AgentError")
      expect(error.usage).toMatchObject({ tokensIn: 1000, tokensOut: 100 })
      expect(error.usage?.costUsd).toBeGreaterThan(0)
    }).pipe(Effect.scoped))

  it.scoped("without a key it fails before any request", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([])
      const ws = yield* fizzbuzzWorkspace()
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url, { apiKey: Option.none() })).run(ws.input))
      expect(error.message).toContain("ANTHROPIC_API_KEY is not set")
      expect(server.requests).toHaveLength(0)
    }))

  it.scoped("stops at max turns with AgentBudgetExceeded, keeping the transcript", () =>
    Effect.gen(function*() {
      const again = anthropicMessage([toolUse("listFiles", {})], { input_tokens: 10, output_tokens: 5 })
      const server = yield* fakeServer([again, again, again])
      const ws = yield* fizzbuzzWorkspace({ maxTurns: 2 })
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url)).run(ws.input))
      expect(error._tag).toBe("AgentBudgetExceeded")
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("maxTurns")
      expect(error.message).toContain("2 turns")
      expect(server.requests).toHaveLength(2)
      const steps = yield* ws.transcript.steps
      expect(steps.filter((s) => s._tag === "tool_call").map((s) => s._tag === "tool_call" && s.tool)).toEqual([
        "listFiles",
        "listFiles"
      ])
    }))

  it.scoped("stops when the cost ceiling is passed, keeping the transcript", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        anthropicMessage([text("Looking around."), toolUse("listFiles", {})], {
          input_tokens: 100_000,
          output_tokens: 1000
        }),
        anthropicMessage([toolUse("listFiles", {})], { input_tokens: 100_000, output_tokens: 1000 })
      ])
      const ws = yield* fizzbuzzWorkspace({ maxCostUsd: 0.3 })
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url)).run(ws.input))
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("maxCostUsd")
      expect(error.message).toContain("$0.4200")
      expect(server.requests).toHaveLength(2)
      const steps = yield* ws.transcript.steps
      expect(steps.map((s) => (s._tag === "message" ? s.role : s.tool))).toEqual([
        "system",
        "user",
        "assistant",
        "listFiles"
      ])
    }))

  it.scoped("an unpriced model reports cost null, and refuses a cost ceiling it cannot enforce", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        anthropicMessage([text("ok")], { input_tokens: 10, output_tokens: 2 }, "claude-unknown-9")
      ])
      const ws = yield* fizzbuzzWorkspace({}, "claude-unknown-9")
      const output = yield* makeAnthropicAgent(options(server.url)).run(ws.input)
      expect(output.usage).toMatchObject({ tokensIn: 10, tokensOut: 2, costUsd: null })
      const capped = yield* fizzbuzzWorkspace({ maxCostUsd: 1 }, "claude-unknown-9")
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url)).run(capped.input))
      expect(error.message).toContain("unpriced")
      expect(server.requests).toHaveLength(1)
    }))

  it.live("the wall-time limit ends the run as AgentBudgetExceeded", () =>
    Effect.gen(function*() {
      const server = yield* fakeServer([
        anthropicMessage([toolUse("runCommand", { command: "sleep 5" })], { input_tokens: 1, output_tokens: 1 })
      ])
      const ws = yield* fizzbuzzWorkspace({ timeout: Duration.millis(500) })
      const error = yield* Effect.flip(makeAnthropicAgent(options(server.url)).run(ws.input))
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("timeout")
    }).pipe(Effect.scoped))
})
