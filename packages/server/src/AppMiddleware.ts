import { HttpApiBuilder, HttpIncomingMessage, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { HttpApp } from "@effect/platform"
import { InternalServerError, PayloadTooLarge, RouteNotFound } from "@ze/domain"
import { Cause, Effect, Option, Schema } from "effect"
import { withCors } from "./Cors.js"
import { ServerConfig } from "./ServerConfig.js"
import type { ServerSettings } from "./ServerConfig.js"

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
  tagOf(error) === "RequestError" && String((error as { cause?: unknown }).cause ?? "").toLowerCase().includes("maximum")

/**
 * Server-wide behaviour around the API: CORS, a body-size limit (413), JSON bodies for unknown routes (404)
 * and for defects (500, logged with their cause). Typed API errors pass through to be encoded by the API.
 */
export const appMiddleware = (settings: ServerSettings) => (app: HttpApp.Default): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const length = Number(request.headers["content-length"] ?? "0")
    if (length > settings.maxBodyBytes) return yield* tooLarge(settings.maxBodyBytes)
    return yield* HttpIncomingMessage.withMaxBodySize(app, Option.some(settings.maxBodyBytes))
  }).pipe(
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
          if (isBodyTooLarge(error)) return yield* tooLarge(settings.maxBodyBytes)
          return yield* Effect.failCause(cause)
        }
        yield* Effect.logError("Unhandled error while serving a request", cause)
        return yield* errorResponse(InternalServerError, new InternalServerError({ message: "Internal server error" }), 500)
      })
    ),
    withCors(settings.corsOrigins)
  )

export const AppMiddlewareLive = HttpApiBuilder.middleware(Effect.map(ServerConfig, appMiddleware))
