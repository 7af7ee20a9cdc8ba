import { Command, Options } from "@effect/cli"
import { ServerConfig, settingsFromConfig } from "@ze/server"
import { Config, Console, Effect, Layer, Option } from "effect"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { bold, dim, yellow } from "../Ansi.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { UsageError } from "../Errors.js"
import { defaultTo, integerFlag } from "../Flags.js"
import { dbOption, defaultDatabase } from "../Store.js"

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"])

const portOption = integerFlag("port", { min: 1, max: 65535 }).pipe(
  Options.withAlias("p"),
  Options.withDescription("Port to listen on, 1..65535 (or ZE_PORT)."),
  Options.withFallbackConfig(Config.port("ZE_PORT")),
  defaultTo(8787)
)

const hostOption = Options.text("host").pipe(
  Options.withDescription("Address to listen on (or ZE_HOST). Without ZE_API_KEY only loopback addresses are allowed."),
  Options.withFallbackConfig(Config.nonEmptyString("ZE_HOST")),
  defaultTo("127.0.0.1")
)

const databaseFile = (flag: Option.Option<string>) =>
  Option.match(flag, {
    onSome: Effect.succeed,
    onNone: () => Config.nonEmptyString("ZE_DB").pipe(Config.withDefault(defaultDatabase))
  })

const describeListenFailure = (cause: unknown) => {
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined
  return code === "EADDRINUSE" ? "the port is already in use" : code ?? String(cause)
}

export const serveHelp: CommandHelp = {
  usage: "serve",
  summary:
    "Serve the dashboard at /, the ze API under /api and its docs at /docs over the SQLite store, until interrupted.",
  details:
    "Writes need Authorization: Bearer ZE_API_KEY. Without ZE_API_KEY the key is 'dev-local-key' and only loopback addresses are allowed. " +
    "From a clone, the dashboard (packages/web) is built first when its build is missing or older than its sources; " +
    "ZE_DASHBOARD_DIR serves another build folder instead.",
  examples: ["ze serve", "ZE_API_KEY=secret ze serve --host 0.0.0.0 --port 8787 --db /srv/ze.db"]
}

export const serve = Command.make(
  "serve",
  { port: portOption, host: hostOption, db: dbOption },
  ({ db, host, port }) =>
    Effect.gen(function*() {
      const filename = yield* databaseFile(db)
      const settings = yield* settingsFromConfig("sqlite", { developmentWithoutKey: true })
      if (settings.development && !loopbackHosts.has(host)) {
        return yield* new UsageError({
          message:
            `Refusing to listen on ${host} with the development key 'dev-local-key': set ZE_API_KEY, or bind to 127.0.0.1`
        })
      }
      // The Node HTTP server (with undici, ~1 MB of the CLI) is loaded by this command only.
      const { dashboardDirectoryConfig, NodeServerLive } = yield* Effect.promise(() => import("@ze/server/node"))
      const dashboardDirectory = yield* dashboardDirectoryConfig
      const server = NodeServerLive({ port, host, filename, dashboardDirectory }).pipe(
        Layer.provide(Layer.succeed(ServerConfig, settings))
      )
      yield* Layer.build(server).pipe(
        Effect.catchTag("ServeError", (error) =>
          new UsageError({ message: `Cannot listen on ${host}:${port}: ${describeListenFailure(error.cause)}` })),
        Effect.catchTag("StoreFileProblem", (problem) =>
          new UsageError({ message: `${problem.message} (--db FILE or ZE_DB chooses another)` }))
      )
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
      const dashboard = existsSync(join(dashboardDirectory, "index.html"))
        ? `dashboard ${url}/`
        : yellow("dashboard not built (pnpm --filter @ze/web build)")
      yield* Console.log(
        `${bold("ze server")} on ${url}  ${dashboard}  ${dim(`API docs ${url}/docs  (db ${filename})`)}`
      )
      if (settings.development) {
        yield* Console.log(
          yellow("Development mode: writes use the key 'dev-local-key' (set ZE_API_KEY to choose one).")
        )
      }
      return yield* Effect.never
    }).pipe(Effect.scoped)
).pipe(Command.withDescription(describeCommand(serveHelp)))
