import { HttpClient, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { FetchTransport, retryAfterFromHeaders } from "@ze/client"
import { Config, Duration, Effect, Option, Redacted, Schema } from "effect"
import type { Layer } from "effect"
import { AgentError } from "../agents/Agent.js"
import { ChatErrorBody, ChatResponse } from "./OpenAiWire.js"
import type { ChatRequest, ChatUsage } from "./OpenAiWire.js"
import type { TokenUsage } from "./Pricing.js"

export const OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1"
export const OPENAI_BASE_URL = "https://api.openai.com/v1"

export interface OpenAiClientOptions {
  readonly baseUrl: string
  readonly apiKey: Option.Option<Redacted.Redacted>
  /** Where the key came from, for error messages. */
  readonly keyName: string
  readonly openRouter: boolean
  readonly maxRetries: number
  readonly requestTimeoutMs: number
  /** The HTTP client (fetch by default). */
  readonly http: Layer.Layer<HttpClient.HttpClient>
}

/**
 * `OPENAI_BASE_URL` + `OPENAI_API_KEY`; `OPENROUTER_API_KEY` selects OpenRouter's base URL (unless
 * `OPENAI_BASE_URL` is set). A local server (Ollama, vLLM, llama.cpp) needs only `OPENAI_BASE_URL`.
 */
export const openAiClientConfig: Config.Config<OpenAiClientOptions> = Config.all({
  baseUrl: Config.option(Config.string("OPENAI_BASE_URL")),
  openAiKey: Config.option(Config.redacted("OPENAI_API_KEY")),
  openRouterKey: Config.option(Config.redacted("OPENROUTER_API_KEY")),
  maxRetries: Config.integer("ZE_OPENAI_MAX_RETRIES").pipe(Config.withDefault(4)),
  requestTimeoutMs: Config.integer("ZE_OPENAI_TIMEOUT_MS").pipe(Config.withDefault(600_000))
}).pipe(Config.map(({ baseUrl, maxRetries, openAiKey, openRouterKey, requestTimeoutMs }): OpenAiClientOptions => {
  const openRouter = Option.isNone(baseUrl) && Option.isSome(openRouterKey)
  return {
    baseUrl: Option.getOrElse(baseUrl, () => (openRouter ? OPENROUTER_BASE_URL : OPENAI_BASE_URL)).replace(/\/+$/, ""),
    apiKey: openRouter ? openRouterKey : Option.orElse(openAiKey, () => openRouterKey),
    keyName: openRouter ? "OPENROUTER_API_KEY" : "OPENAI_API_KEY",
    openRouter: openRouter || /openrouter\.ai/.test(Option.getOrElse(baseUrl, () => "")),
    maxRetries,
    requestTimeoutMs,
    http: FetchTransport
  }
}))

class Transient extends Schema.TaggedError<Transient>()("Transient", {
  message: Schema.String,
  retryAfterMs: Schema.optional(Schema.Number)
}) {}

const backoff = (attempt: number, hint: number | undefined) =>
  Math.min(60_000, hint ?? 500 * 2 ** attempt * (0.75 + Math.random() * 0.5))

/**
 * One chat completion, Schema-decoded. 408/429/5xx and transport errors are retried with exponential backoff
 * (honouring `retry-after`); other statuses fail at once with the server's message.
 */
export const chatCompletion = (options: OpenAiClientOptions, agent: string, body: ChatRequest) => {
  const fail = (message: string) => new AgentError({ agent, message })
  const url = `${options.baseUrl}/chat/completions`
  const request = HttpClientRequest.post(url).pipe(
    HttpClientRequest.bodyUnsafeJson(options.openRouter ? { ...body, usage: { include: true } } : body),
    Option.match(options.apiKey, {
      onNone: () => (r: HttpClientRequest.HttpClientRequest) => r,
      onSome: (key) => HttpClientRequest.bearerToken(Redacted.value(key))
    })
  )
  const once = Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request).pipe(
      Effect.timeoutFail({
        duration: Duration.millis(options.requestTimeoutMs),
        onTimeout: () => new Transient({ message: `no answer from ${url} within ${options.requestTimeoutMs} ms` })
      }),
      Effect.catchTag(
        "RequestError",
        (error) => Effect.fail(new Transient({ message: `cannot reach ${url}: ${error.message}` }))
      )
    )
    if (response.status >= 200 && response.status < 300) {
      return yield* HttpClientResponse.schemaBodyJson(ChatResponse)(response).pipe(
        Effect.mapError((error) => fail(`${url} answered something that is not a chat completion: ${error.message}`))
      )
    }
    const text = yield* Effect.orElseSucceed(response.text, () => "")
    const detail = Schema.decodeUnknownOption(Schema.parseJson(ChatErrorBody))(text).pipe(
      Option.map((b) => b.error.message),
      Option.getOrElse(() => text.slice(0, 500))
    )
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      const hint = retryAfterFromHeaders(response.headers)
      return yield* new Transient({
        message: `${response.status} ${detail}`,
        ...(hint === undefined ? {} : { retryAfterMs: hint })
      })
    }
    const keyHint = response.status === 401 || response.status === 403 ? `; check ${options.keyName}` : ""
    return yield* fail(`${url} refused the request (${response.status} ${detail})${keyHint}`)
  }).pipe(Effect.catchTag("ResponseError", (error) => Effect.fail(fail(`${url}: ${error.message}`))))

  const attempt = (n: number): Effect.Effect<ChatResponse, AgentError, HttpClient.HttpClient> =>
    Effect.catchTag(once, "Transient", (error) =>
      n >= options.maxRetries
        ? Effect.fail(fail(`${url} failed after ${options.maxRetries} retries: ${error.message}`))
        : Effect.zipRight(Effect.sleep(Duration.millis(backoff(n, error.retryAfterMs))), attempt(n + 1)))
  return attempt(0).pipe(Effect.provide(options.http))
}

/** Prompt tokens include cached ones in this API: input counts only the uncached part. */
export const chatTokens = (usage: ChatUsage | null | undefined): TokenUsage => {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0
  const written = usage?.prompt_tokens_details?.cache_write_tokens ?? 0
  return {
    input: Math.max(0, (usage?.prompt_tokens ?? 0) - cached - written),
    output: usage?.completion_tokens ?? 0,
    cacheRead: cached,
    cacheWrite: written
  }
}
