import { HttpApiBuilder } from "@effect/platform"
import type { SqlClient } from "@effect/sql"
import { Layer, Logger, LogLevel } from "effect"
import { AppLive } from "./App.js"
import type { AtomicWriter } from "./AtomicWriter.js"
import type { ServerSettings } from "./ServerConfig.js"
import { ServerConfig } from "./ServerConfig.js"
import { SqliteStorage } from "./Sqlite.js"

export interface InProcessOptions {
  /** SQLite file, or `:memory:` (the default). */
  readonly filename?: string
  readonly settings?: Partial<ServerSettings>
  /** Storage already opened (and checked) by the caller; by default the file is opened on the first request. */
  readonly storage?: Layer.Layer<SqlClient.SqlClient | AtomicWriter>
  /** Log lines below this level are dropped: a CLI embedding the API reports failures itself. */
  readonly minimumLogLevel?: LogLevel.LogLevel
}

/**
 * The API as a `fetch`-style handler with no port: for tests and for embedding (the CLI's default store).
 * Call `dispose` to close the database.
 */
export const makeInProcessHandler = (options: InProcessOptions = {}) => {
  const filename = options.filename ?? ":memory:"
  return HttpApiBuilder.toWebHandler(
    AppLive.pipe(
      Layer.provide(options.storage ?? SqliteStorage(filename)),
      Layer.provide(ServerConfig.make({ storage: filename === ":memory:" ? "memory" : "sqlite", ...options.settings })),
      Layer.provide(Logger.minimumLogLevel(options.minimumLogLevel ?? LogLevel.Info))
    )
  )
}
