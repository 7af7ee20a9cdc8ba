import { HttpApiBuilder, HttpIncomingMessage, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { HttpApp } from "@effect/platform"
import {
  InternalServerError,
  InvalidRequest,
  PayloadTooLarge,
  RouteNotFound,
  storeFaultPrefix,
  StoreUnavailable,
  UnsupportedMediaType
} from "@ze/domain"
import { Cause, Effect, Option, Schema } from "effect"
import { withCors } from "./Cors.js"
import { withEtag } from "./HttpCache.js"
import { invalidInput, isDecodeFailure } from "./InvalidInput.js"
import { ServerConfig } from "./ServerConfig.js"
import type { ServerSettings } from "./ServerConfig.js"
import { storeFaultOf } from "./StoreFault.js"

const errorResponse = <A extends { readonly _tag: string }, I>(
  schema: Schema.Schema<A, I>,
  error: A,
  status: number
) => HttpServerResponse.json(Schema.encodeSync(schema)(error), { status }).pipe(Effect.orDie)

const tooLarge = (limitBytes: number) =>
  errorResponse(
    PayloadTooLarge,
    new PayloadTooLarge({ limitBytes, message: `Request body is larger than the ${limitBytes}-byte limit` }),
    413
  )

const tagOf = (error: unknown) =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : undefined

const isBodyTooLarge = (error: unknown) =>
  tagOf(error) === "RequestError" &&
  String((error as { cause?: unknown }).cause ?? "").toLowerCase().includes("maximum")

const isUndecodableBody = (error: unknown) =>
  tagOf(error) === "RequestError" && (error as { reason?: unknown }).reason === "Decode"

const notJson = (request: HttpServerRequest.HttpServerRequest) =>
  errorResponse(
    InvalidRequest,
    new InvalidRequest({ message: `The request body is not valid JSON (${request.method} ${request.url})` }),
    400
  )

const methodsWithBody = new Set(["POST", "PUT", "PATCH"])

export const maxBodyDepth = 64

/** How deeply a JSON text nests, by one pass over its brackets outside strings: no parse, no recursion. */
const jsonTextDepth = (text: string) => {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 92) i++
      else if (char === 34) inString = false
    } else if (char === 34) inString = true
    else if (char === 123 || char === 91) deepest = Math.max(deepest, ++depth)
    else if (char === 125 || char === 93) depth--
  }
  return deepest
}

/** A body nested deeper than any request needs is refused before it is decoded (decoding it could exhaust the stack). */
const bodyTooDeep = (request: HttpServerRequest.HttpServerRequest) =>
  !methodsWithBody.has(request.method)
    ? Effect.succeed(undefined)
    : Effect.map(Effect.orElseSucceed(request.text, () => ""), (text) => {
      const depth = jsonTextDepth(text)
      return depth <= maxBodyDepth ? undefined : new InvalidRequest({
        message: `Invalid request body: it nests ${depth} levels deep; at most ${maxBodyDepth} are accepted`,
        issues: [{ path: "body", message: `must nest at most ${maxBodyDepth} levels deep, got ${depth}` }]
      })
    })

/** Every write takes a JSON body; anything else is refused before it is read. */
const unsupportedMediaType = (request: HttpServerRequest.HttpServerRequest) => {
  if (!methodsWithBody.has(request.method) || !request.url.startsWith("/api/")) return undefined
  const contentType = request.headers["content-type"] ?? ""
  if (/^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType.trim())) return undefined
  return new UnsupportedMediaType({
    contentType,
    message: `${request.method} ${request.url.split("?")[0]} takes a JSON body: send Content-Type: application/json${
      contentType === "" ? "" : ` (got ${contentType})`
    }`
  })
}
const utf8 = new TextEncoder()

/**
 * A body sent without `content-length` (chunked, or a web `Request` in process) is read once here, under the
 * limit, and measured; the request caches the text, so the API decodes the same bytes afterwards.
 */
const bodyExceedsLimit = (request: HttpServerRequest.HttpServerRequest, limitBytes: number) => {
  const declared = request.headers["content-length"]
  if (declared !== undefined) return Effect.succeed(Number(declared) > limitBytes)
  if (!methodsWithBody.has(request.method)) return Effect.succeed(false)
  return request.text.pipe(
    Effect.map((text) => utf8.encode(text).byteLength > limitBytes),
    Effect.catchIf(isBodyTooLarge, () => Effect.succeed(true)),
    Effect.orDie
  )
}

/**
 * Server-wide behaviour around the API: CORS, a body-size limit (413), ETags and 304s on reads, JSON bodies for
 * unknown routes (404), for faults of the store (503 StoreUnavailable, a line in the log) and for other defects
 * (500, logged with their cause). Typed API errors pass through to be encoded
 * by the API.
 */
export const appMiddleware = (settings: ServerSettings) => (app: HttpApp.Default): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (yield* bodyExceedsLimit(request, settings.maxBodyBytes)) return yield* tooLarge(settings.maxBodyBytes)
    const notJsonType = unsupportedMediaType(request)
    if (notJsonType !== undefined) return yield* errorResponse(UnsupportedMediaType, notJsonType, 415)
    const tooDeep = yield* bodyTooDeep(request)
    if (tooDeep !== undefined) return yield* errorResponse(InvalidRequest, tooDeep, 400)
    return yield* withEtag(request, yield* app)
  }).pipe(
    HttpIncomingMessage.withMaxBodySize(Option.some(settings.maxBodyBytes)),
    Effect.catchAllCause((cause) =>
      Effect.gen(function*() {
        if (Cause.isInterruptedOnly(cause)) return yield* Effect.failCause(cause)
        const failure = Cause.failureOption(cause)
        const request = yield* HttpServerRequest.HttpServerRequest
        if (Option.isSome(failure)) {
          const error = failure.value
          if (tagOf(error) === "RouteNotFound") {
            const message = `Not found: ${request.method} ${request.url}`
            return yield* errorResponse(
              RouteNotFound,
              new RouteNotFound({ method: request.method, path: request.url, message }),
              404
            )
          }
          if (isDecodeFailure(error)) {
            const what = request.method === "GET"
              ? `query of ${request.method} ${request.url.split("?")[0]}`
              : "request body"
            return yield* errorResponse(InvalidRequest, invalidInput(error, what), 400)
          }
          if (isBodyTooLarge(error)) return yield* tooLarge(settings.maxBodyBytes)
          if (isUndecodableBody(error)) return yield* notJson(request)
          return yield* Effect.failCause(cause)
        }
        // The API turns an unreadable body into a defect: it is the client's mistake, not the server's.
        const defect = Cause.dieOption(cause)
        if (Option.isSome(defect) && isUndecodableBody(defect.value)) return yield* notJson(request)
        const fault = Option.flatMap(defect, storeFaultOf)
        if (Option.isSome(fault)) {
          const message = `${storeFaultPrefix}${fault.value}`
          yield* Effect.logWarning(`${request.method} ${request.url.split("?")[0]}: ${message}`)
          return yield* errorResponse(
            StoreUnavailable,
            new StoreUnavailable({ storage: settings.storage, message }),
            503
          )
        }
        yield* Effect.logError("Unhandled error while serving a request", cause)
        return yield* errorResponse(
          InternalServerError,
          new InternalServerError({ message: "Internal server error" }),
          500
        )
      })
    ),
    withCors(settings.corsOrigins)
  )

export const AppMiddlewareLive = HttpApiBuilder.middleware(Effect.map(ServerConfig, appMiddleware))
