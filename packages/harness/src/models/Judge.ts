import { Config, Effect, Either, Layer, Option, Redacted, Schema } from "effect"
import type { ConfigError } from "effect"
import type { AgentError } from "../agents/Agent.js"
import { errored, LLM_JUDGE, ran, skipped } from "../evaluators/Evaluation.js"
import { judgeNotApplicable, LlmJudge } from "../evaluators/LlmJudge.js"
import type { JudgeInput, JudgeOutcome, LlmJudgeShape } from "../evaluators/LlmJudge.js"
import { AnthropicClient, anthropicClientConfig, anthropicMessage } from "./AnthropicClient.js"
import type { AnthropicClientOptions } from "./AnthropicClient.js"
import { JUDGE_SYSTEM_PROMPT, judgeCategories, judgeUserPrompt, weightedJudgeScore } from "./JudgePrompt.js"
import type { JudgeCategory, JudgePromptInput } from "./JudgePrompt.js"
import { chatCompletion, chatTokens, openAiClientConfig } from "./OpenAiClient.js"
import type { OpenAiClientOptions } from "./OpenAiClient.js"
import { addCost, requestCost } from "./Pricing.js"
import type { TokenUsage } from "./Pricing.js"

/** One answer of the judge's model. */
export interface JudgeCompletion {
  readonly text: string
  readonly model: string
  readonly tokens: TokenUsage
  readonly costUsd: number | null
}

export interface JudgeRequest {
  readonly system: string
  readonly user: string
  readonly model: string
  readonly temperature: number
  readonly maxTokens: number
}

/** The model behind the judge: Anthropic or an OpenAI-compatible server. */
export interface JudgeModel {
  readonly provider: string
  readonly defaultModel: string
  /** Anthropic's API (version 2026-10-21, sent by SDK 1.x) rejects sampling parameters: no temperature is sent. */
  readonly acceptsTemperature: boolean
  readonly complete: (request: JudgeRequest) => Effect.Effect<JudgeCompletion, AgentError>
}

export const anthropicJudgeModel = (
  options: AnthropicClientOptions,
  apiKey: Redacted.Redacted,
  defaultModel: string
): JudgeModel => {
  const client = new AnthropicClient(LLM_JUDGE, Redacted.value(apiKey), options)
  return {
    provider: "anthropic",
    defaultModel,
    acceptsTemperature: false,
    complete: (request) =>
      Effect.map(
        client.create({
          model: request.model,
          max_tokens: request.maxTokens,
          system: request.system,
          messages: [{ role: "user", content: request.user }]
        }),
        (message) => {
          const tokens = anthropicMessage.tokens(message)
          return {
            text: anthropicMessage.text(message),
            model: message.model,
            tokens,
            costUsd: requestCost(message.model, tokens)
          }
        }
      )
  }
}

export const openAiJudgeModel = (options: OpenAiClientOptions, defaultModel: string): JudgeModel => ({
  provider: options.openRouter ? "openrouter" : "openai",
  defaultModel,
  acceptsTemperature: true,
  complete: (request) =>
    Effect.map(
      chatCompletion(options, LLM_JUDGE, {
        model: request.model,
        temperature: request.temperature,
        max_tokens: request.maxTokens,
        response_format: { type: "json_object" },
        messages: [{ role: "system", content: request.system }, { role: "user", content: request.user }]
      }),
      (response) => {
        const tokens = chatTokens(response.usage)
        return {
          text: response.choices[0].message.content ?? "",
          model: response.model,
          tokens,
          costUsd: response.usage?.cost ?? requestCost(response.model, tokens)
        }
      }
    )
})

const JudgeAnswer = Schema.Struct({
  scores: Schema.Array(Schema.Struct({
    category: Schema.String,
    score: Schema.Number.pipe(Schema.int(), Schema.between(1, 5)),
    reasoning: Schema.String
  })),
  overall_assessment: Schema.optionalWith(Schema.String, { default: () => "" })
})
type JudgeAnswer = typeof JudgeAnswer.Type

const decodeAnswer = Schema.decodeUnknownEither(Schema.parseJson(JudgeAnswer))

/** The JSON object in a model's answer (a fenced block or surrounding prose are tolerated), every category scored. */
export const parseJudgeAnswer = (raw: string, categories: ReadonlyArray<JudgeCategory>) => {
  const start = raw.indexOf("{")
  const end = raw.lastIndexOf("}")
  const decoded = decodeAnswer(start >= 0 && end > start ? raw.slice(start, end + 1) : raw)
  if (decoded._tag === "Left") return { _tag: "Invalid" as const, reason: decoded.left.message }
  const answer: JudgeAnswer = decoded.right
  const bySlug = new Map(answer.scores.map((s) => [s.category.trim().toLowerCase(), s]))
  const missing = categories.filter((c) => !bySlug.has(c.slug)).map((c) => c.slug)
  if (missing.length > 0) return { _tag: "Invalid" as const, reason: `no score for ${missing.join(", ")}` }
  return { _tag: "Valid" as const, answer, bySlug }
}

export interface JudgeSettings {
  readonly defaultTemperature: number
  readonly defaultMaxTokens: number
  /** Characters of the diff shown to the judge. */
  readonly diffCap: number
}

export const defaultJudgeSettings: JudgeSettings = { defaultTemperature: 0, defaultMaxTokens: 4096, diffCap: 60_000 }

/** What the judge reads beyond the harness's `JudgeInput`, when the runner passes it. */
export type ModelJudgeInput = JudgeInput & Omit<Partial<JudgePromptInput>, keyof JudgeInput>

const ExplicitWeights = Schema.Record({ key: Schema.String, value: Schema.Number.pipe(Schema.nonNegative()) })

/** `llm_judge.weights` (slug or category text → weight), kept by the scenario loader as an extra key. */
const explicitWeights = (input: JudgeInput): Record<string, number> => {
  const judge: unknown = input.scenario.config.llm_judge
  const weights = typeof judge === "object" && judge !== null && "weights" in judge ? judge.weights : undefined
  return Schema.decodeUnknownOption(ExplicitWeights)(weights).pipe(Option.getOrElse(() => ({})))
}

const outcome = (result: JudgeOutcome["result"], calls: ReadonlyArray<JudgeCompletion>): JudgeOutcome => ({
  result,
  costUsd: calls.reduce<number | null>((sum, c) => addCost(sum, c.costUsd), 0),
  tokensIn: calls.reduce((sum, c) => sum + c.tokens.input + c.tokens.cacheRead + c.tokens.cacheWrite, 0),
  tokensOut: calls.reduce((sum, c) => sum + c.tokens.output, 0)
})

/**
 * The LLM judge: scores each `llm_judge.categories` entry 1..5 with the scenario's model, temperature and
 * max_tokens (or the defaults), retries an invalid answer once, then errs with the raw answer kept.
 */
export const makeModelJudge = (model: JudgeModel, settings: JudgeSettings = defaultJudgeSettings): LlmJudgeShape => ({
  evaluate: (input: ModelJudgeInput) =>
    Effect.gen(function*() {
      const notApplicable = judgeNotApplicable(input.scenario)
      if (notApplicable !== undefined) return outcome(skipped(LLM_JUDGE, notApplicable), [])
      const config = input.scenario.config.llm_judge
      const categories = judgeCategories(config?.categories ?? [], explicitWeights(input))
      const request: JudgeRequest = {
        system: JUDGE_SYSTEM_PROMPT,
        user: judgeUserPrompt(input, categories, settings.diffCap),
        model: config?.model ?? model.defaultModel,
        temperature: config?.temperature ?? settings.defaultTemperature,
        maxTokens: config?.max_tokens ?? settings.defaultMaxTokens
      }
      const calls: Array<JudgeCompletion> = []
      let lastProblem = ""
      for (let attempt = 1; attempt <= 2; attempt++) {
        const user = attempt === 1
          ? request.user
          : `${request.user}\n\nYour previous answer was not valid (${lastProblem}). Answer with the JSON object only.`
        const call = yield* Effect.either(model.complete({ ...request, user }))
        if (call._tag === "Left") {
          return outcome(
            errored(LLM_JUDGE, `The judge (${model.provider} ${request.model}) failed: ${call.left.message}`),
            calls
          )
        }
        calls.push(call.right)
        const parsed = parseJudgeAnswer(call.right.text, categories)
        if (parsed._tag === "Invalid") {
          lastProblem = parsed.reason
          continue
        }
        const scores = new Map(categories.map((c) => [c.slug, parsed.bySlug.get(c.slug)?.score ?? 1]))
        const score = weightedJudgeScore(categories, scores) ?? 0
        const details = {
          scores: categories.map((c) => ({
            category: c.slug,
            score: scores.get(c.slug),
            weight: c.weight,
            reasoning: parsed.bySlug.get(c.slug)?.reasoning ?? ""
          })),
          overall_assessment: parsed.answer.overall_assessment,
          normalized_score: score,
          provider: model.provider,
          model: call.right.model,
          temperature: model.acceptsTemperature ? request.temperature : null,
          attempts: attempt
        }
        return outcome(ran(LLM_JUDGE, score, JSON.stringify(details)), calls)
      }
      const raw = calls.at(-1)?.text ?? ""
      return outcome(
        errored(
          LLM_JUDGE,
          `The judge's answer was invalid twice (${lastProblem}). Raw answer:\n${raw.slice(0, 20_000)}`
        ),
        calls
      )
    })
})

/** `ZE_JUDGE_PROVIDER` (anthropic | openai; by default whichever key is set, Anthropic first), `ZE_JUDGE_MODEL`, ... */
export const judgeConfig = Config.all({
  provider: Config.option(Config.literal("anthropic", "openai")("ZE_JUDGE_PROVIDER")),
  model: Config.option(Config.string("ZE_JUDGE_MODEL")),
  anthropic: Config.all(anthropicClientConfig),
  openai: openAiClientConfig,
  settings: Config.all({
    defaultTemperature: Config.number("ZE_JUDGE_TEMPERATURE").pipe(
      Config.withDefault(defaultJudgeSettings.defaultTemperature)
    ),
    defaultMaxTokens: Config.integer("ZE_JUDGE_MAX_TOKENS").pipe(
      Config.withDefault(defaultJudgeSettings.defaultMaxTokens)
    ),
    diffCap: Config.integer("ZE_JUDGE_DIFF_CAP").pipe(Config.withDefault(defaultJudgeSettings.diffCap))
  })
})
export type JudgeConfig = Config.Config.Success<typeof judgeConfig>

export const DEFAULT_ANTHROPIC_JUDGE_MODEL = "claude-sonnet-5-5"
export const DEFAULT_OPENROUTER_JUDGE_MODEL = "anthropic/claude-sonnet-5.5"
export const DEFAULT_OPENAI_JUDGE_MODEL = "gpt-4o-mini"

/** The judge a configuration describes, or why there is none (shown as the evaluator's skip reason). */
export const judgeFromConfig = (config: JudgeConfig): Either.Either<LlmJudgeShape, string> => {
  const provider = Option.getOrElse(
    config.provider,
    () => Option.isSome(config.anthropic.apiKey) ? "anthropic" : Option.isSome(config.openai.apiKey) ? "openai" : "none"
  )
  if (provider === "anthropic") {
    return Option.match(config.anthropic.apiKey, {
      onNone: () => Either.left("no judge key: ZE_JUDGE_PROVIDER=anthropic but ANTHROPIC_API_KEY is not set"),
      onSome: (key) => {
        const model = Option.getOrElse(config.model, () => DEFAULT_ANTHROPIC_JUDGE_MODEL)
        return Either.right(makeModelJudge(anthropicJudgeModel(config.anthropic, key, model), config.settings))
      }
    })
  }
  if (provider === "openai") {
    const local = !config.openai.openRouter && config.openai.baseUrl !== "https://api.openai.com/v1"
    if (Option.isNone(config.openai.apiKey) && !local) {
      return Either.left(
        "no judge key: set OPENROUTER_API_KEY or OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)"
      )
    }
    const fallback = config.openai.openRouter ? DEFAULT_OPENROUTER_JUDGE_MODEL : DEFAULT_OPENAI_JUDGE_MODEL
    return Either.right(
      makeModelJudge(openAiJudgeModel(config.openai, Option.getOrElse(config.model, () => fallback)), config.settings)
    )
  }
  return Either.left(
    "no judge key: set ANTHROPIC_API_KEY, OPENROUTER_API_KEY or OPENAI_API_KEY (ZE_JUDGE_PROVIDER chooses)"
  )
}

/** A judge that skips every scenario with `reason` (the scenario's own reason first). */
export const unavailableJudge = (reason: string): LlmJudgeShape => ({
  unavailable: reason,
  evaluate: (input) => Effect.succeed(outcome(skipped(LLM_JUDGE, judgeNotApplicable(input.scenario) ?? reason), []))
})

/** The judge from configuration; without a key every judge evaluation is skipped with the reason. */
export const LlmJudgeFromConfig: Layer.Layer<LlmJudge, ConfigError.ConfigError> = Layer.effect(
  LlmJudge,
  Effect.map(judgeConfig, (config) => Either.getOrElse(judgeFromConfig(config), unavailableJudge))
)
