import type Anthropic from "@anthropic-ai/sdk"
import { VERSION as SDK_VERSION } from "@anthropic-ai/sdk/version"
import { Config, Effect, Option, Redacted, Ref } from "effect"
import type { Agent, AgentInput } from "../agents/Agent.js"
import { AgentError } from "../agents/Agent.js"
import { hasSecret } from "../process/Env.js"
import { AnthropicClient, anthropicClientConfig, anthropicMessage, toContentParams } from "./AnthropicClient.js"
import type { AnthropicClientOptions } from "./AnthropicClient.js"
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
import { dispatchTool, offeredTools } from "./ToolSpecs.js"

export const ANTHROPIC_AGENT = "anthropic"
/** A current Claude Sonnet: used when the batch names no model. */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-5-5"

export interface AnthropicAgentOptions extends AnthropicClientOptions {
  readonly defaultModel: string
  /** `max_tokens` of each request (lowered to what is left of the run's `maxTokens`). */
  readonly maxTokensPerTurn: number
  /** Turns allowed when the batch sets no `maxTurns`. */
  readonly defaultMaxTurns: number
  readonly systemPrompt: string
}

/** `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `ZE_ANTHROPIC_MODEL`, `ZE_MAX_TOKENS_PER_TURN`, `ZE_MAX_TURNS`, retries and timeout. */
export const anthropicAgentConfig: Config.Config<AnthropicAgentOptions> = Config.all({
  ...anthropicClientConfig,
  defaultModel: Config.string("ZE_ANTHROPIC_MODEL").pipe(Config.withDefault(DEFAULT_ANTHROPIC_MODEL)),
  maxTokensPerTurn: Config.integer("ZE_MAX_TOKENS_PER_TURN").pipe(Config.withDefault(8192)),
  defaultMaxTurns: Config.integer("ZE_MAX_TURNS").pipe(Config.withDefault(50)),
  systemPrompt: Config.succeed(SYSTEM_PROMPT)
})

const toolsOf = (input: AgentInput): Array<Anthropic.Tool> =>
  offeredTools(input).map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.inputSchema
  }))

const conversation = (
  options: AnthropicAgentOptions,
  client: AnthropicClient,
  input: AgentInput,
  spendRef: Ref.Ref<Spend>
) =>
  Effect.gen(function*() {
    const fail = (message: string) => new AgentError({ agent: ANTHROPIC_AGENT, message })
    const model = input.model ?? options.defaultModel
    const { limits } = input
    if (limits.maxCostUsd !== undefined && priceOf(model) === undefined) {
      return yield* fail(
        `a cost ceiling is set but ${model} is unpriced, so it cannot be enforced (see models/Pricing.ts)`
      )
    }
    const maxTurns = limits.maxTurns ?? options.defaultMaxTurns
    const systemPrompt = input.systemPrompt ?? options.systemPrompt
    yield* input.transcript.message("system", systemPrompt)
    yield* input.transcript.message("user", input.prompt)
    const messages: Array<Anthropic.MessageParam> = [{ role: "user", content: input.prompt }]
    let resolvedModel = model
    for (;;) {
      const spend = yield* Ref.get(spendRef)
      if (spend.turns >= maxTurns) {
        return yield* budgetExceeded(ANTHROPIC_AGENT, "maxTurns", `the limit of ${maxTurns} turns was reached`, spend)
      }
      const tokensLeft = limits.maxTokens === undefined ? Infinity : limits.maxTokens - spend.tokens.output
      if (tokensLeft <= 0) {
        return yield* budgetExceeded(
          ANTHROPIC_AGENT,
          "maxTokens",
          `the limit of ${limits.maxTokens} output tokens was reached`,
          spend
        )
      }
      const maxTokens = Math.min(options.maxTokensPerTurn, tokensLeft)
      const response = yield* client.create({
        model,
        max_tokens: maxTokens,
        system: systemPrompt,
        messages,
        tools: toolsOf(input)
      })
      resolvedModel = response.model
      const after = yield* Ref.updateAndGet(spendRef, (s) =>
        addRequest(s, response.model, anthropicMessage.tokens(response)))
      const text = anthropicMessage.text(response)
      if (text !== "") {
        yield* input.transcript.message("assistant", text)
      }
      const overCost = costExceeded(ANTHROPIC_AGENT, limits, after)
      if (overCost !== undefined) {
        return yield* overCost
      }
      const toolUses = response.content.filter((b): b is Anthropic.ToolUseBlock =>
        b.type === "tool_use"
      )
      if (toolUses.length === 0) {
        if (response.stop_reason === "max_tokens" && maxTokens < options.maxTokensPerTurn) {
          return yield* budgetExceeded(
            ANTHROPIC_AGENT,
            "maxTokens",
            `the limit of ${limits.maxTokens} output tokens was reached`,
            after
          )
        }
        return { finalText: text, usage: usageOf(after), resolvedModel }
      }
      messages.push({ role: "assistant", content: toContentParams(response.content) })
      const results: Array<Anthropic.ToolResultBlockParam> = []
      for (const use of toolUses) {
        const outcome = yield* dispatchTool(input, use.name, use.input)
        results.push({ type: "tool_result", tool_use_id: use.id, content: outcome.text, is_error: outcome.isError })
      }
      messages.push({ role: "user", content: results })
    }
  })

/**
 * Claude through the Messages API: a real multi-turn conversation (system prompt, user prompt, assistant
 * `tool_use` turns answered by user `tool_result` turns) over the workspace tools, within the run's limits.
 */
export const makeAnthropicAgent = (options: AnthropicAgentOptions): Agent => ({
  name: ANTHROPIC_AGENT,
  version: `1 (@anthropic-ai/sdk ${SDK_VERSION})`,
  usesModel: true,
  takesSystemPrompt: true,
  checkSetup: Effect.succeed(
    hasSecret(options.apiKey)
      ? undefined
      : "the anthropic agent needs ANTHROPIC_API_KEY: set it (environment or .env)"
  ),
  run: (input) =>
    Effect.gen(function*() {
      const apiKey = yield* Option.match(options.apiKey, {
        onNone: () =>
          Effect.fail(
            new AgentError({
              agent: ANTHROPIC_AGENT,
              message: "ANTHROPIC_API_KEY is not set: the anthropic agent needs an API key"
            })
          ),
        onSome: (key) => Effect.succeed(Redacted.value(key))
      })
      const client = new AnthropicClient(ANTHROPIC_AGENT, apiKey, options)
      const spendRef = yield* Ref.make(noSpend)
      return yield* conversation(options, client, input, spendRef).pipe(
        withWallTime(ANTHROPIC_AGENT, input.limits, Ref.get(spendRef)),
        withSpendOnFailure(Ref.get(spendRef))
      )
    })
})

/** The anthropic agent configured from the environment (a missing key fails its runs, not the configuration). */
export const anthropicAgentFromConfig = Effect.map(anthropicAgentConfig, makeAnthropicAgent)
