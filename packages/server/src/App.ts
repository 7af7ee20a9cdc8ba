import { HttpServer } from "@effect/platform"
import { Layer } from "effect"
import { AppMiddlewareLive } from "./AppMiddleware.js"
import { DocsLive } from "./Docs.js"
import { ApiLive } from "./Http.js"

/**
 * Everything served on every runtime: the API, its docs and the server-wide middleware. Needs SQL + config.
 *
 * Effect's tracer is off: ze exports no spans, and making them (one per request, handler, transaction and
 * statement, each with its attributes) cost every request CPU for nothing anyone could read.
 */
export const AppLive = Layer.mergeAll(ApiLive, DocsLive, AppMiddlewareLive, HttpServer.layerContext).pipe(
  Layer.provide(Layer.setTracerEnabled(false))
)
