import { HttpClient, HttpClientError } from "@effect/platform"
import type { HttpClientResponse } from "@effect/platform"
import { Data, Duration, Effect, Either, Option, Schema } from "effect"
import type { ZeClientOptions } from "./ClientConfig.js"

/** The `cause` of a transport error that is the client's own attempt deadline, not a dropped connection. */
class AttemptTimedOut extends Data.TaggedError("AttemptTimedOut")<{}> {}

/** The `cause` of the last transient answer, once every retry has been spent, with what the server said in it. */
class RetriesExhausted extends Data.TaggedError("RetriesExhausted")<{ readonly serverMessage: string | undefined }> {}

const ServerMessage = Schema.parseJson(Schema.Struct({ message: Schema.String }))

/** The `message` of a JSON error body (ze's errors all have one), when the answer has one. */
const serverMessageOf = (response: HttpClientResponse.HttpClientResponse) =>
  response.text.pipe(
    Effect.map((text) =>
      Option.getOrUndefined(Option.map(Schema.decodeUnknownOption(ServerMessage)(text), (b) => b.message))
    ),
    Effect.orElseSucceed(() => undefined)
  )

export const isAttemptTimeout = (error: HttpClientError.HttpClientError) => error.cause instanceof AttemptTimedOut

export const isRetriesExhausted = (error: HttpClientError.HttpClientError) => error.cause instanceof RetriesExhausted

/** What the server said in its last transient answer (`The store cannot be used: …`), if it said anything. */
export const exhaustedServerMessage = (error: HttpClientError.HttpClientError) =>
  error.cause instanceof RetriesExhausted ? error.cause.serverMessage : undefined

const transientStatuses = new Set([408, 429, 500, 502, 503, 504])
export const isTransientStatus = (status: number) => transientStatuses.has(status)

/**
 * How long a server asks to wait, in milliseconds: `retry-after-ms` (model APIs send it), else `Retry-After` as
 * seconds or an HTTP date. For any HTTP API, not only ze's.
 */
export const retryAfterFromHeaders = (headers: Readonly<Record<string, string | undefined>>): number | undefined => {
  const millis = Number(headers["retry-after-ms"] ?? "")
  if (headers["retry-after-ms"] !== undefined && Number.isFinite(millis)) return Math.max(0, millis)
  const header = headers["retry-after"]
  if (header === undefined) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

export const retryAfterMillis = (response: HttpClientResponse.HttpClientResponse): number | undefined =>
  retryAfterFromHeaders(response.headers)

const backoff = (options: ZeClientOptions, retry: number) => {
  const ceiling = Math.min(Duration.toMillis(options.maxDelay), Duration.toMillis(options.baseDelay) * 2 ** retry)
  return Math.random() * ceiling
}

/**
 * Each attempt gets a deadline; transport failures and 408/429/5xx are retried with jittered exponential
 * backoff, waiting at least what `Retry-After` asks. Every ze write is idempotent, so POSTs retry too.
 */
export const resilient = (options: ZeClientOptions) => (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (execute, request) =>
    Effect.gen(function*() {
      for (let retry = 0;; retry++) {
        const outcome = yield* Effect.either(
          execute.pipe(
            Effect.timeoutFail({
              duration: options.attemptTimeout,
              onTimeout: () =>
                new HttpClientError.RequestError({
                  request,
                  reason: "Transport",
                  description: "attempt timed out",
                  cause: new AttemptTimedOut()
                })
            })
          )
        )
        const transient = Either.match(outcome, {
          onLeft: (error) => error._tag === "RequestError" && error.reason === "Transport",
          onRight: (response) => isTransientStatus(response.status)
        })
        if (!transient) return yield* outcome
        if (retry >= options.retries) {
          return yield* Either.match(outcome, {
            onLeft: Effect.fail,
            onRight: (response) =>
              Effect.flatMap(serverMessageOf(response), (serverMessage) =>
                Effect.fail(
                  new HttpClientError.ResponseError({
                    request,
                    response,
                    reason: "StatusCode",
                    description: "transient status after every retry",
                    cause: new RetriesExhausted({ serverMessage })
                  })
                ))
          })
        }
        const asked = Either.isRight(outcome) ? retryAfterMillis(outcome.right) ?? 0 : 0
        yield* Effect.sleep(Duration.millis(Math.min(Math.max(backoff(options, retry), asked), 60_000)))
      }
    }))
