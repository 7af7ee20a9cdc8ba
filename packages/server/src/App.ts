import { HttpMiddleware, HttpServer } from "@effect/platform"
import { Layer } from "effect"
import { AppMiddlewareLive } from "./AppMiddleware.js"
import { DocsLive } from "./Docs.js"
import { ApiLive } from "./Http.js"

/**
 * ze exports no spans, so nothing traces: Effect's tracer is off, and the HTTP server skips its tracing middleware,
 * which otherwise parsed every request's URL, copied its headers to redact them and read trace headers for a span
 * nobody could see (~10% of a write's CPU in workerd, spans and call-site stacks together).
 */
const TracingOff = Layer.mergeAll(
  Layer.setTracerEnabled(false),
  Layer.locallyScoped(HttpMiddleware.currentTracerDisabledWhen, () => true)
)

/** Everything served on every runtime: the API, its docs and the server-wide middleware. Needs SQL + config. */
export const AppLive = Layer.mergeAll(ApiLive, DocsLive, AppMiddlewareLive, HttpServer.layerContext).pipe(
  Layer.provide(TracingOff)
)
