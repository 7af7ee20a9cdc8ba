import { Options } from "@effect/cli"
import { FetchHttpClient } from "@effect/platform"
import { clientOptionsFromConfig, inProcessHttpClient, makeZeClient, ZeClient } from "@ze/client"
import { Spool } from "@ze/harness"
import type { StoreFileProblem } from "@ze/server"
import { checkStoreFile, DEV_LOCAL_KEY, makeInProcessHandler, SqliteStorage } from "@ze/server"
import { Config, Data, Effect, Layer, LogLevel, Option, Redacted } from "effect"
import type { ConfigError } from "effect"
import { randomUUID } from "node:crypto"
import { UsageError } from "./Errors.js"

export const defaultDatabase = ".ze/ze.db"

export const dbOption = Options.text("db").pipe(
  Options.withPseudoName("FILE"),
  Options.withDescription(`SQLite file of the embedded store (default ${defaultDatabase}, or ZE_DB).`),
  Options.optional
)

export const storeOptions = Options.all({
  db: dbOption,
  server: Options.text("server").pipe(
    Options.withPseudoName("URL"),
    Options.withDescription("A ze server instead of the embedded store (or ZE_SERVER_URL, ZE_BENCHMARKS_WORKER_URL)."),
    Options.optional
  )
})

export interface StoreFlags {
  readonly db: Option.Option<string>
  readonly server: Option.Option<string>
}

export type StoreTarget = Data.TaggedEnum<{
  /** `chosen`: named by --db or ZE_DB, rather than the default file. */
  Embedded: { readonly filename: string; readonly chosen: boolean }
  Remote: { readonly baseUrl: string }
}>
export const StoreTarget = Data.taggedEnum<StoreTarget>()

/**
 * `read`: reads only; a missing file is an empty store (not created), except one named by --db or ZE_DB, which is
 * a mistake worth saying. `preview`: reads only, and a missing file is an empty store wherever it is named (a dry
 * run of the command that would create it). `write`: creates the store when missing.
 */
export type StoreAccess = "read" | "preview" | "write"

const serverUrlConfig = Config.nonEmptyString("ZE_SERVER_URL").pipe(
  Config.orElse(() => Config.nonEmptyString("ZE_BENCHMARKS_WORKER_URL")),
  Config.option
)
const databaseConfig = Config.nonEmptyString("ZE_DB").pipe(Config.option)

const remote = (url: string) => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  return parsed !== undefined && (parsed.protocol === "http:" || parsed.protocol === "https:")
    ? Effect.succeed(StoreTarget.Remote({ baseUrl: url.replace(/\/+$/, "") }))
    : Effect.fail(new UsageError({ message: `Not an http(s) URL for the server: '${url}'` }))
}

/** Flags win over the environment; a server wins over a database file at the same level. */
export const resolveStoreTarget = (flags: StoreFlags) =>
  Effect.gen(function*() {
    if (Option.isSome(flags.server) && Option.isSome(flags.db)) {
      return yield* new UsageError({ message: "--server and --db select different stores: give one of them" })
    }
    if (Option.isSome(flags.server)) return yield* remote(flags.server.value)
    if (Option.isSome(flags.db)) return StoreTarget.Embedded({ filename: flags.db.value, chosen: true })
    const serverUrl = yield* serverUrlConfig
    if (Option.isSome(serverUrl)) return yield* remote(serverUrl.value)
    const database = yield* databaseConfig
    return Option.match(database, {
      onNone: () => StoreTarget.Embedded({ filename: defaultDatabase, chosen: false }),
      onSome: (filename) => StoreTarget.Embedded({ filename, chosen: true })
    })
  })

const embeddedBaseUrl = "http://ze.embedded"

const notAStore = (problem: StoreFileProblem | ConfigError.ConfigError) =>
  new UsageError({
    message: problem._tag === "StoreFileProblem"
      ? `${problem.message} (--db FILE or ZE_DB chooses another)`
      : `Cannot open the store: ${String(problem)}`
  })

/**
 * The server's API in this process over a SQLite file, reached through the same typed client as a remote server.
 * The file is checked and opened before anything runs, so a store that cannot be used stops the command at once.
 */
const embeddedClient = (filename: string, chosen: boolean, access: StoreAccess) =>
  Layer.unwrapScoped(
    Effect.gen(function*() {
      const key = Redacted.make(randomUUID())
      const fileAccess = access === "write" ? "write" : "read"
      const state = yield* Effect.mapError(checkStoreFile(filename, fileAccess), notAStore)
      if (state === "missing" && access === "read" && chosen) {
        return yield* new UsageError({
          message: `No store at ${filename}: nothing has been stored there (check --db / ZE_DB; ze bench creates it)`
        })
      }
      const database = state === "missing" && fileAccess === "read" ? ":memory:" : filename
      const storage = yield* Effect.mapError(Layer.build(SqliteStorage(database, fileAccess)), notAStore)
      const { handler } = yield* Effect.acquireRelease(
        Effect.sync(() =>
          makeInProcessHandler({
            filename: database,
            storage: Layer.succeedContext(storage),
            minimumLogLevel: LogLevel.Error,
            settings: { writeKey: Option.some(key) }
          })
        ),
        ({ dispose }) => Effect.promise(dispose)
      )
      return ZeClient.layerWith({ baseUrl: embeddedBaseUrl, apiKey: Option.some(key), retries: 0 }).pipe(
        Layer.provide(inProcessHttpClient(handler))
      )
    })
  )

/** Without a configured key, send upstream's `dev-local-key`, which a development server (`ze serve`) accepts. */
const remoteClient = (baseUrl: string) =>
  Layer.effect(
    ZeClient,
    Effect.flatMap(clientOptionsFromConfig, (options) =>
      makeZeClient({
        ...options,
        baseUrl,
        apiKey: Option.orElse(options.apiKey, () => Option.some(Redacted.make(DEV_LOCAL_KEY)))
      }))
  ).pipe(Layer.provide(FetchHttpClient.layer))

export const storeClientLayer = (
  target: StoreTarget,
  access: StoreAccess
): Layer.Layer<ZeClient, UsageError | ConfigError.ConfigError> =>
  StoreTarget.$match(target, {
    Embedded: ({ chosen, filename }) => embeddedClient(filename, chosen, access),
    Remote: ({ baseUrl }) => remoteClient(baseUrl)
  })

/**
 * Runs `effect` against the store the flags and the environment select. Only a remote server gets the spool: a
 * result it cannot take now can wait for `ze sync`, whereas a local file that cannot be written is a fault to
 * report at once (the next write would fail the same way).
 */
export const withStore = (flags: StoreFlags, access: StoreAccess) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(resolveStoreTarget(flags), (target) =>
    Effect.provide(
      target._tag === "Remote" ? Effect.provide(effect, Spool.layer) : effect,
      storeClientLayer(target, access)
    ))
