import { HttpApiBuilder } from "@effect/platform"
import { Layer } from "effect"
import { AppLive } from "./App.js"
import type { ServerSettings } from "./ServerConfig.js"
import { ServerConfig } from "./ServerConfig.js"
import { SqliteStorage } from "./Sqlite.js"

export interface InProcessOptions {
  /** SQLite file, or `:memory:` (the default). */
  readonly filename?: string
  readonly settings?: Partial<ServerSettings>
}

/**
 * The API as a `fetch`-style handler with no port: for tests and for embedding (the CLI's default store).
 * Call `dispose` to close the database.
 */
export const makeInProcessHandler = (options: InProcessOptions = {}) => {
  const filename = options.filename ?? ":memory:"
  return HttpApiBuilder.toWebHandler(
    AppLive.pipe(
      Layer.provide(SqliteStorage(filename)),
      Layer.provide(ServerConfig.make({ storage: filename === ":memory:" ? "memory" : "sqlite", ...options.settings }))
    )
  )
}
