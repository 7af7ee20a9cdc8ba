import { FetchHttpClient, HttpBody, HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Layer } from "effect"

/**
 * Leaves the length of a body to the transport. Node 20's fetch (and undici, once another module installs it as
 * the global dispatcher) rejects a request that also sets `content-length` itself.
 */
export const withoutContentLength = (request: HttpClientRequest.HttpClientRequest) =>
  request.body._tag === "Uint8Array"
    ? request.pipe(
      HttpClientRequest.setBody(HttpBody.empty),
      HttpClientRequest.setBody(HttpBody.raw(request.body.body, { contentType: request.body.contentType }))
    )
    : request

/** `fetch` as an `HttpClient` that works on Node 20 as in browsers: for any JSON API, not only ze's. */
export const FetchTransport = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) => HttpClient.mapRequest(client, withoutContentLength))
).pipe(Layer.provide(FetchHttpClient.layer))
