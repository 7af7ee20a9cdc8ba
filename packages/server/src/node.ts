import { HttpApiBuilder, HttpMiddleware } from "@effect/platform"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Config, Effect, Layer } from "effect"
import { AppLive } from "./App.js"
import { createHeldServer } from "./HeldServer.js"
import { ServerConfig } from "./ServerConfig.js"
import type { ServerSettings } from "./ServerConfig.js"
import { SqliteStorage } from "./Sqlite.js"
import { dashboardDirectoryConfig, StaticAssetsLive } from "./StaticAssets.js"

export { dashboardDirectoryConfig, defaultDashboardDirectory } from "./StaticAssets.js"

export interface NodeServerOptions {
  readonly port: number
  readonly host: string
  readonly filename: string
  /** The built dashboard served at `/`; defaults to `dashboardDirectoryConfig`. */
  readonly dashboardDirectory?: string
}

const loopback = new Set(["127.0.0.1", "localhost", "::1"])

/** Refuses to expose the well-known development key beyond this machine. */
export const checkBinding = (host: string, settings: ServerSettings) =>
  settings.development && !loopback.has(host)
    ? Effect.dieMessage(
      `Refusing to listen on ${host} with the development key 'dev-local-key': set ZE_API_KEY, or bind to 127.0.0.1`
    )
    : Effect.void

const DashboardLive = (directory: string | undefined) =>
  directory === undefined
    ? Layer.unwrapEffect(Effect.map(dashboardDirectoryConfig, StaticAssetsLive))
    : StaticAssetsLive(directory)

/**
 * The Node HTTP server over a SQLite file, migrations applied at start, with the dashboard at `/`. Requests are
 * logged with `logRequests`.
 */
export const NodeServerLive = (options: NodeServerOptions & { readonly logRequests?: boolean }) =>
  (options.logRequests === true ? HttpApiBuilder.serve(HttpMiddleware.logger) : HttpApiBuilder.serve()).pipe(
    Layer.provide(Layer.merge(AppLive, DashboardLive(options.dashboardDirectory))),
    Layer.provide(SqliteStorage(options.filename)),
    Layer.provide(
      Layer.effectDiscard(Effect.flatMap(ServerConfig, (settings) => checkBinding(options.host, settings)))
    ),
    Layer.provideMerge(NodeHttpServer.layer(createHeldServer, { port: options.port, host: options.host }))
  )

/** Node options from configuration: `ZE_PORT` (8787), `ZE_HOST` (127.0.0.1), `ZE_DB` (.ze/ze.db). */
export const nodeOptionsFromConfig = Config.all({
  port: Config.port("ZE_PORT").pipe(Config.withDefault(8787)),
  host: Config.string("ZE_HOST").pipe(Config.withDefault("127.0.0.1")),
  filename: Config.string("ZE_DB").pipe(Config.withDefault(".ze/ze.db"))
})

/** Node settings: without `ZE_API_KEY` the server is a local development server (key `dev-local-key`). */
export const NodeServerConfig = ServerConfig.fromConfig("sqlite", { developmentWithoutKey: true })
