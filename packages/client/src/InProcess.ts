import { FetchHttpClient } from "@effect/platform"
import { Layer } from "effect"

/** An `HttpClient` that hands requests to a fetch-style handler in the same process: no socket, no port. */
export const inProcessHttpClient = (handler: (request: Request) => Promise<Response>) =>
  FetchHttpClient.layer.pipe(
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, (input, init) => handler(new Request(input, init))))
  )
