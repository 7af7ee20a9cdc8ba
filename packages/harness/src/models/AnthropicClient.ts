import type Anthropic from "@anthropic-ai/sdk"
import { Config, Effect } from "effect"
import type { Option, Redacted } from "effect"
import { AgentError } from "../agents/Agent.js"
import type { TokenUsage } from "./Pricing.js"

export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com"

export interface AnthropicClientOptions {
  readonly apiKey: Option.Option<Redacted.Redacted>
  readonly baseUrl: string
  /** Retries of 408/409/429/5xx (529 included) and connection errors, honouring `retry-after`. */
  readonly maxRetries: number
  /** Deadline of each HTTP attempt. */
  readonly requestTimeoutMs: number
}

export const anthropicClientConfig = {
  apiKey: Config.option(Config.redacted("ANTHROPIC_API_KEY")),
  baseUrl: Config.string("ANTHROPIC_BASE_URL").pipe(Config.withDefault(DEFAULT_ANTHROPIC_BASE_URL)),
  maxRetries: Config.integer("ZE_ANTHROPIC_MAX_RETRIES").pipe(Config.withDefault(4)),
  requestTimeoutMs: Config.integer("ZE_ANTHROPIC_TIMEOUT_MS").pipe(Config.withDefault(600_000))
}

type Sdk = typeof Anthropic

/**
 * The SDK is 1.3 MB of the CLI's code: it is loaded by the first request, so a command that sends none (`ze --help`,
 * `ze stats`, a bench of other agents) never compiles it.
 */
let sdk: Promise<Sdk> | undefined
const loadSdk = () => (sdk ??= import("@anthropic-ai/sdk").then((module) => module.default))

const apiMessage = (error: InstanceType<Sdk["APIError"]>) => {
  const body: unknown = error.error
  if (typeof body === "object" && body !== null && "error" in body) {
    const inner: unknown = body.error
    if (typeof inner === "object" && inner !== null) {
      const type = "type" in inner && typeof inner.type === "string" ? `${inner.type}: ` : ""
      const message = "message" in inner && typeof inner.message === "string" ? inner.message : ""
      return `${type}${message}`
    }
  }
  return error.message
}

/** A short, actionable message for an SDK failure (after the SDK's own retries). */
const describeAnthropicError = (Anthropic: Sdk, error: unknown, baseUrl: string, retries: number): string => {
  if (error instanceof Anthropic.AuthenticationError) {
    return `Anthropic rejected the API key (401 ${apiMessage(error)}); check ANTHROPIC_API_KEY`
  }
  if (error instanceof Anthropic.PermissionDeniedError) {
    return `Anthropic refused the request (403 ${apiMessage(error)})`
  }
  if (error instanceof Anthropic.NotFoundError) {
    return `Anthropic: not found (404 ${apiMessage(error)}); is the model id right?`
  }
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return `Anthropic API at ${baseUrl} timed out (after ${retries} retries)`
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return `Cannot reach the Anthropic API at ${baseUrl}: ${error.message}`
  }
  if (error instanceof Anthropic.APIError) {
    const transient = error.status === 408 || error.status === 409 || error.status === 429 || (error.status ?? 0) >= 500
    return `Anthropic API error ${error.status ?? "?"} (${apiMessage(error)})${
      transient ? ` after ${retries} retries` : ""
    }`
  }
  return `Anthropic request failed: ${error instanceof Error ? error.message : String(error)}`
}

/** One Messages API client per run; failures become `AgentError` with a clear message. */
export class AnthropicClient {
  private connection: Promise<readonly [Sdk, Anthropic]> | undefined
  constructor(
    readonly agent: string,
    private readonly apiKey: string,
    private readonly options: AnthropicClientOptions
  ) {}

  /** The SDK and this run's client, made by the first request. */
  private connect() {
    return Effect.tryPromise({
      try: () => (this.connection ??= loadSdk().then((Anthropic) =>
        [
          Anthropic,
          new Anthropic({
            apiKey: this.apiKey,
            baseURL: this.options.baseUrl,
            maxRetries: this.options.maxRetries,
            timeout: this.options.requestTimeoutMs
          })
        ] as const
      )),
      catch: (error) =>
        new AgentError({
          agent: this.agent,
          message: `Cannot load the Anthropic SDK: ${error instanceof Error ? error.message : String(error)}`
        })
    })
  }

  create(body: Anthropic.MessageCreateParamsNonStreaming): Effect.Effect<Anthropic.Message, AgentError> {
    return Effect.flatMap(this.connect(), ([Anthropic, client]) =>
      Effect.tryPromise({
        try: (signal) => client.messages.create(body, { signal }),
        catch: (error) =>
          new AgentError({
            agent: this.agent,
            message: describeAnthropicError(Anthropic, error, this.options.baseUrl, this.options.maxRetries)
          })
      }))
  }
}

export const anthropicMessage = {
  tokens: (message: Anthropic.Message): TokenUsage => ({
    input: message.usage.input_tokens,
    output: message.usage.output_tokens,
    cacheWrite: message.usage.cache_creation_input_tokens ?? 0,
    cacheRead: message.usage.cache_read_input_tokens ?? 0
  }),
  text: (message: Anthropic.Message) =>
    message.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n").trim()
}

/** The assistant turn to send back: text, tool calls and thinking blocks (which must be returned unchanged). */
export const toContentParams = (content: ReadonlyArray<Anthropic.ContentBlock>): Array<Anthropic.ContentBlockParam> =>
  content.flatMap((b): Array<Anthropic.ContentBlockParam> => {
    switch (b.type) {
      case "text":
        return [{ type: "text", text: b.text }]
      case "tool_use":
        return [{ type: "tool_use", id: b.id, name: b.name, input: b.input }]
      case "thinking":
        return [{ type: "thinking", thinking: b.thinking, signature: b.signature }]
      case "redacted_thinking":
        return [{ type: "redacted_thinking", data: b.data }]
      default:
        return []
    }
  })
