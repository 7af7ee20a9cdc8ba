import { HttpBody, HttpServerResponse } from "@effect/platform"
import type { HttpServerRequest } from "@effect/platform"
import { Effect, Encoding } from "effect"

const opaqueTag = (tag: string) => tag.trim().replace(/^W\//, "")

/** `If-None-Match` holds `*` or a list of tags, compared weakly (RFC 9110 §13.1.2). */
export const etagMatches = (ifNoneMatch: string | undefined, etag: string) => {
  if (ifNoneMatch === undefined) return false
  const wanted = opaqueTag(etag)
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaqueTag(tag) === wanted)
}

/** A strong tag over the body's bytes: SHA-1 is native (and fast) in Node and workerd alike. */
export const strongEtag = (bytes: Uint8Array) =>
  Effect.promise(() => crypto.subtle.digest("SHA-1", bytes as Uint8Array<ArrayBuffer>)).pipe(
    Effect.map((digest) => `"${Encoding.encodeBase64Url(new Uint8Array(digest))}"`)
  )

/** The 304 for a cached copy: same headers (ETag, Cache-Control, …), no body. */
export const notModified = (response: HttpServerResponse.HttpServerResponse) =>
  response.pipe(HttpServerResponse.setStatus(304), HttpServerResponse.setBody(HttpBody.empty))

const pathOf = (url: string) => {
  const query = url.indexOf("?")
  return query === -1 ? url : url.slice(0, query)
}

const isReadPath = (path: string) => path === "/health" || path.startsWith("/api/")

/**
 * Read answers (GET/HEAD on `/api/*` and `/health`, 200 with bytes) carry a strong ETag and `no-cache`: clients
 * keep their copy and revalidate it, and a matching `If-None-Match` gets a bodiless 304.
 */
export const withEtag = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  if (request.method !== "GET" && request.method !== "HEAD") return Effect.succeed(response)
  if (response.status !== 200 || response.body._tag !== "Uint8Array" || !isReadPath(pathOf(request.url))) {
    return Effect.succeed(response)
  }
  const existing = response.headers["etag"]
  return Effect.map(existing === undefined ? strongEtag(response.body.body) : Effect.succeed(existing), (etag) => {
    const tagged = HttpServerResponse.setHeaders(response, {
      etag,
      "cache-control": response.headers["cache-control"] ?? "no-cache"
    })
    return etagMatches(request.headers["if-none-match"], etag) ? notModified(tagged) : tagged
  })
}
