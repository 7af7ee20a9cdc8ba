import { Config, Effect, Option, Ref } from "effect"
import type { Agent, AgentInput } from "../agents/Agent.js"
import { AgentError } from "../agents/Agent.js"
import { hasSecret } from "../process/Env.js"
import { chatCompletion, chatTokens, openAiClientConfig } from "./OpenAiClient.js"
import type { OpenAiClientOptions } from "./OpenAiClient.js"
import type { ChatMessage, ChatTool } from "./OpenAiWire.js"
import { priceOf } from "./Pricing.js"
import {
  addRequest,
  budgetExceeded,
  costExceeded,
  noSpend,
  usageOf,
  withSpendOnFailure,
  withWallTime
} from "./Spend.js"
import type { Spend } from "./Spend.js"
import { SYSTEM_PROMPT } from "./SystemPrompt.js"
import { dispatchTool, offeredTools, parseArguments } from "./ToolSpecs.js"

export const OPENAI_AGENT = "openai"

export interface OpenAiAgentOptions extends OpenAiClientOptions {
  /** Used when the batch names no model; servers differ too much for a built-in default. */
  readonly defaultModel: Option.Option<string>
  readonly maxTokensPerTurn: number
  readonly defaultMaxTurns: number
  readonly temperature: Option.Option<number>
  readonly systemPrompt: string
}

/** The OpenAI-compatible client settings plus `ZE_OPENAI_MODEL`, `ZE_OPENAI_TEMPERATURE`, `ZE_MAX_TOKENS_PER_TURN`, `ZE_MAX_TURNS`. */
export const openAiAgentConfig: Config.Config<OpenAiAgentOptions> = Config.all({
  client: openAiClientConfig,
  defaultModel: Config.option(Config.string("ZE_OPENAI_MODEL")),
  maxTokensPerTurn: Config.integer("ZE_MAX_TOKENS_PER_TURN").pipe(Config.withDefault(8192)),
  defaultMaxTurns: Config.integer("ZE_MAX_TURNS").pipe(Config.withDefault(50)),
  temperature: Config.option(Config.number("ZE_OPENAI_TEMPERATURE"))
}).pipe(Config.map(({ client, ...rest }): OpenAiAgentOptions => ({ ...client, ...rest, systemPrompt: SYSTEM_PROMPT })))

/** Tools with their full parameter schemas (upstream sent `properties: {}`). */
const toolsOf = (input: AgentInput): ReadonlyArray<ChatTool> =>
  offeredTools(input).map((t) => ({
    type: "function",
    function: { name: t.name, description: t.description, parameters: t.inputSchema }
  }))

const conversation = (options: OpenAiAgentOptions, input: AgentInput, model: string, spendRef: Ref.Ref<Spend>) =>
  Effect.gen(function*() {
    const { limits } = input
    const maxTurns = limits.maxTurns ?? options.defaultMaxTurns
    const systemPrompt = input.systemPrompt ?? options.systemPrompt
    yield* input.transcript.message("system", systemPrompt)
    yield* input.transcript.message("user", input.prompt)
    const messages: Array<ChatMessage> = [{ role: "system", content: systemPrompt }, {
      role: "user",
      content: input.prompt
    }]
    for (;;) {
      const spend = yield* Ref.get(spendRef)
      if (spend.turns >= maxTurns) {
        return yield* budgetExceeded(OPENAI_AGENT, "maxTurns", `the limit of ${maxTurns} turns was reached`, spend)
      }
      const tokensLeft = limits.maxTokens === undefined ? Infinity : limits.maxTokens - spend.tokens.output
      if (tokensLeft <= 0) {
        return yield* budgetExceeded(
          OPENAI_AGENT,
          "maxTokens",
          `the limit of ${limits.maxTokens} output tokens was reached`,
          spend
        )
      }
      const response = yield* chatCompletion(options, OPENAI_AGENT, {
        model,
        messages,
        tools: toolsOf(input),
        tool_choice: "auto",
        max_tokens: Math.min(options.maxTokensPerTurn, tokensLeft),
        ...Option.match(options.temperature, { onNone: () => ({}), onSome: (temperature) => ({ temperature }) })
      })
      const after = yield* Ref.updateAndGet(
        spendRef,
        (s) => addRequest(s, response.model, chatTokens(response.usage), response.usage?.cost ?? undefined)
      )
      const message = response.choices[0].message
      const text = (message.content ?? "").trim()
      if (text !== "") yield* input.transcript.message("assistant", text)
      const overCost = costExceeded(OPENAI_AGENT, limits, after)
      if (overCost !== undefined) return yield* overCost
      const calls = message.tool_calls ?? []
      if (calls.length === 0) {
        // A final answer cut off by max_tokens is not an answer: the run stopped on its token budget.
        if (response.choices[0].finish_reason === "length") {
          return yield* budgetExceeded(
            OPENAI_AGENT,
            "maxTokens",
            "the answer was cut off at the output-token limit",
            after
          )
        }
        return { finalText: text, usage: usageOf(after), resolvedModel: response.model }
      }
      messages.push({ role: "assistant", content: message.content, tool_calls: calls })
      for (const call of calls) {
        const outcome = yield* dispatchTool(input, call.function.name, parseArguments(call.function.arguments))
        messages.push({
          role: "tool",
          tool_call_id: call.id,
          content: outcome.isError ? `Error: ${outcome.text}` : outcome.text
        })
      }
    }
  })

/** Hosted APIs need a key; a local server (any other OPENAI_BASE_URL) may not. */
const needsKey = (options: OpenAiAgentOptions) =>
  !hasSecret(options.apiKey) && (options.baseUrl === "" || /api\.openai\.com|openrouter\.ai/.test(options.baseUrl))

/**
 * Any OpenAI-compatible chat completions server (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp) through Effect's
 * HttpClient, with Schema-decoded answers and the workspace tools sent with their full parameter schemas.
 */
export const makeOpenAiAgent = (options: OpenAiAgentOptions): Agent => ({
  name: OPENAI_AGENT,
  version: "1",
  usesModel: true,
  takesSystemPrompt: true,
  checkSetup: Effect.succeed(
    needsKey(options)
      ? "the openai agent needs OPENAI_API_KEY or OPENROUTER_API_KEY (or OPENAI_BASE_URL for a local server that needs no key)"
      : undefined
  ),
  run: (input) =>
    Effect.gen(function*() {
      const fail = (message: string) => new AgentError({ agent: OPENAI_AGENT, message })
      const model = input.model ?? Option.getOrUndefined(options.defaultModel)
      if (model === undefined) {
        return yield* fail("no model: pass --model (or set ZE_OPENAI_MODEL) for the openai agent")
      }
      if (needsKey(options)) return yield* fail(`${options.keyName} is not set: ${options.baseUrl} needs an API key`)
      if (input.limits.maxCostUsd !== undefined && !options.openRouter && priceOf(model) === undefined) {
        return yield* fail(
          `a cost ceiling is set but ${model} is unpriced, so it cannot be enforced (see models/Pricing.ts)`
        )
      }
      const spendRef = yield* Ref.make(noSpend)
      return yield* conversation(options, input, model, spendRef).pipe(
        withWallTime(OPENAI_AGENT, input.limits, Ref.get(spendRef)),
        withSpendOnFailure(Ref.get(spendRef))
      )
    })
})

export const openAiAgentFromConfig = Effect.map(openAiAgentConfig, makeOpenAiAgent)
