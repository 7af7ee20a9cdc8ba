import { HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NextCursorHeader } from "@ze/domain"
import { Effect } from "effect"

const allowOrigin = (origins: "*" | ReadonlyArray<string>, origin: string | undefined) =>
  origins === "*" ? "*" : origin !== undefined && origins.includes(origin) ? origin : undefined

/**
 * CORS from an allow-list. The headers are added by a pre-response handler, so they reach every answer,
 * including typed errors encoded after the middleware; preflight requests are answered here with 204.
 */
export const withCors =
  (origins: "*" | ReadonlyArray<string>) =>
  <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const allowed = allowOrigin(origins, request.headers.origin)
      const headers: Record<string, string> = allowed === undefined ? {} : {
        "access-control-allow-origin": allowed,
        "access-control-expose-headers": `${NextCursorHeader}, ETag`,
        ...(allowed === "*" ? {} : { vary: "Origin" })
      }
      if (request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined) {
        return HttpServerResponse.empty({
          status: 204,
          headers: allowed === undefined ? {} : {
            ...headers,
            "access-control-allow-methods": "GET, POST, OPTIONS",
            "access-control-allow-headers": "Content-Type, Authorization",
            "access-control-max-age": "86400"
          }
        })
      }
      if (allowed !== undefined) {
        yield* HttpApp.appendPreResponseHandler((_, response) =>
          Effect.succeed(HttpServerResponse.setHeaders(response, headers))
        )
      }
      return yield* app
    })
