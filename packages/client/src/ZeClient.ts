import { FetchHttpClient, HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import type { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpClientError, HttpClientResponse } from "@effect/platform"
import type { PageParams, RunListParams } from "@ze/domain"
import { NextCursorHeader, ZeApi } from "@ze/domain"
import { Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import type { ParseError } from "effect/ParseResult"
import type { Simplify } from "effect/Types"
import type { ZeClientOptions } from "./ClientConfig.js"
import { clientOptionsFromConfig, defaultClientOptions } from "./ClientConfig.js"
import { ZeResponseError, ZeTimeout, ZeUnavailable } from "./Errors.js"
import type { ZeClientError } from "./Errors.js"
import {
  exhaustedServerMessage,
  isAttemptTimeout,
  isRetriesExhausted,
  isTransientStatus,
  resilient
} from "./Resilience.js"
import { withoutContentLength } from "./Transport.js"

type ApiGroups = typeof ZeApi extends HttpApi.HttpApi<infer _Id, infer Groups, infer _E, infer _R> ? Groups : never
type ApiErrors = typeof ZeApi extends HttpApi.HttpApi<infer _Id, infer _G, infer E, infer _R> ? E : never

/** One endpoint of the derived client, with transport failures replaced by ze's typed client errors. */
type Method<Endpoint, GroupError> = [Endpoint] extends [
  HttpApiEndpoint.HttpApiEndpoint<
    infer _Name,
    infer _Method,
    infer _Path,
    infer _UrlParams,
    infer _Payload,
    infer _Headers,
    infer _Success,
    infer _Error,
    infer _R,
    infer _RE
  >
] ? <WithResponse extends boolean = false>(
    request: Simplify<
      HttpApiEndpoint.HttpApiEndpoint.ClientRequest<_Path, _UrlParams, _Payload, _Headers, WithResponse>
    >
  ) => Effect.Effect<
    WithResponse extends true ? [_Success, HttpClientResponse.HttpClientResponse] : _Success,
    _Error | GroupError | ApiErrors | ZeClientError
  >
  : never

export type ZeApiClient = {
  readonly [Name in ApiGroups["identifier"]]: [HttpApiGroup.HttpApiGroup.WithName<ApiGroups, Name>] extends
    [HttpApiGroup.HttpApiGroup<infer _Name, infer Endpoints, infer GroupError, infer _R>] ? {
      readonly [Endpoint in Endpoints as HttpApiEndpoint.HttpApiEndpoint.Name<Endpoint>]: Method<Endpoint, GroupError>
    }
    : never
}

export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: Option.Option<string>
}

/** "fetch failed" says little: follow the chain of causes down to the one that explains it. */
const describeCause = (cause: unknown): string | undefined => {
  const messages: Array<string> = []
  for (let current = cause, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    messages.push(current instanceof Error ? current.message : String(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return messages.length === 0 ? undefined : messages.join(": ")
}

const toClientError =
  (options: ZeClientOptions) => (error: HttpClientError.HttpClientError | ParseError): ZeClientError => {
    if (error._tag === "ParseError") {
      return new ZeResponseError({
        message: `The request or the response did not match the contract: ${error.message}`,
        url: options.baseUrl,
        status: null
      })
    }
    const url = error.request.url
    if (error._tag === "RequestError") {
      return isAttemptTimeout(error)
        ? new ZeTimeout({
          message: `No answer from ${url} within ${Duration.format(options.attemptTimeout)} (${
            options.retries + 1
          } attempts)`,
          url,
          timeoutMs: Duration.toMillis(options.attemptTimeout)
        })
        : new ZeUnavailable({
          message: `Cannot reach ${url}: ${describeCause(error.cause) ?? error.description ?? error.reason}`,
          url,
          attempts: options.retries + 1,
          status: null
        })
    }
    const status = error.response.status
    return isRetriesExhausted(error) || isTransientStatus(status)
      ? new ZeUnavailable({
        message: `${url} answered ${status} on each of ${options.retries + 1} attempts${
          exhaustedServerMessage(error) === undefined ? "" : `: ${exhaustedServerMessage(error)}`
        }`,
        url,
        attempts: options.retries + 1,
        status
      })
      : new ZeResponseError({ message: `Unexpected answer ${status} from ${url}`, url, status })
  }

const isTransportError = (error: unknown): error is HttpClientError.HttpClientError | ParseError =>
  typeof error === "object" && error !== null && "_tag" in error &&
  (error._tag === "RequestError" || error._tag === "ResponseError" || error._tag === "ParseError")

/** Builds the typed client: derived from `ZeApi`, with auth, retries, deadlines and typed failures. */
export const makeZeClient = (options: ZeClientOptions) =>
  Effect.gen(function*() {
    const raw = yield* HttpApiClient.make(ZeApi, {
      baseUrl: options.baseUrl,
      transformClient: (client) =>
        resilient(options)(
          HttpClient.mapRequest(client, (request) =>
            Option.match(options.apiKey, {
              onNone: () => request,
              onSome: (key) => HttpClientRequest.bearerToken(request, Redacted.value(key))
            }).pipe(withoutContentLength))
        )
    })
    const mapError = toClientError(options)
    const callTimeoutMs = Duration.toMillis(options.callTimeout)
    const guard = <A, E>(effect: Effect.Effect<A, E>) =>
      effect.pipe(
        Effect.mapError((error) => (isTransportError(error) ? mapError(error) : error)),
        Effect.timeoutFail({
          duration: options.callTimeout,
          onTimeout: () =>
            new ZeTimeout({
              message: `Call to ${options.baseUrl} exceeded ${callTimeoutMs} ms`,
              url: options.baseUrl,
              timeoutMs: callTimeoutMs
            })
        })
      )
    const api = Object.fromEntries(
      Object.entries(raw as Record<string, Record<string, (request: unknown) => Effect.Effect<unknown, unknown>>>).map((
        [group, endpoints]
      ) => [
        group,
        Object.fromEntries(
          Object.entries(endpoints).map(([name, call]) => [name, (request: unknown) => guard(call(request))])
        )
      ])
    ) as unknown as ZeApiClient

    const nextCursor = (response: HttpClientResponse.HttpClientResponse) =>
      Option.fromNullable(response.headers[NextCursorHeader])

    return {
      ...api,
      /** One page of runs with the cursor of the next (the list endpoint keeps upstream's plain-array body). */
      runsPage: (urlParams: RunListParams) =>
        Effect.map(api.runs.list({ urlParams, withResponse: true }), ([items, response]) => ({
          items,
          nextCursor: nextCursor(response)
        })),
      batchesPage: (urlParams: PageParams) =>
        Effect.map(api.batches.list({ urlParams, withResponse: true }), ([items, response]) => ({
          items,
          nextCursor: nextCursor(response)
        }))
    }
  })

export type ZeClientShape = Effect.Effect.Success<ReturnType<typeof makeZeClient>>

export class ZeClient extends Context.Tag("ze/client/ZeClient")<ZeClient, ZeClientShape>() {
  /** Options given in code; needs an `HttpClient` (fetch, Node, or an in-process handler). */
  static readonly layerWith = (options: Partial<ZeClientOptions>) =>
    Layer.effect(ZeClient, makeZeClient({ ...defaultClientOptions, ...options }))

  /** Options from configuration (`ZE_SERVER_URL`, `ZE_API_KEY`, …); needs an `HttpClient`. */
  static readonly layerConfig = Layer.effect(ZeClient, Effect.flatMap(clientOptionsFromConfig, makeZeClient))

  /** From configuration over `fetch`: works in Node 20+ and in browsers. */
  static readonly layer = ZeClient.layerConfig.pipe(Layer.provide(FetchHttpClient.layer))
}
