import { HttpServer } from "@effect/platform"
import { Layer } from "effect"
import { AppMiddlewareLive } from "./AppMiddleware.js"
import { DocsLive } from "./Docs.js"
import { ApiLive } from "./Http.js"

/** Everything served on every runtime: the API, its docs and the server-wide middleware. Needs SQL + config. */
export const AppLive = Layer.mergeAll(ApiLive, DocsLive, AppMiddlewareLive, HttpServer.layerContext)
