import { Options } from "@effect/cli"
import { FetchHttpClient } from "@effect/platform"
import { clientOptionsFromConfig, inProcessHttpClient, makeZeClient, ZeClient } from "@ze/client"
import { DEV_LOCAL_KEY, makeInProcessHandler } from "@ze/server"
import { Config, Data, Effect, Layer, Option, Redacted } from "effect"
import type { ConfigError } from "effect"
import { randomUUID } from "node:crypto"
import { existsSync } from "node:fs"
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
  Embedded: { readonly filename: string }
  Remote: { readonly baseUrl: string }
}>
export const StoreTarget = Data.taggedEnum<StoreTarget>()

/** Reads only: a missing database file is an empty store, and is not created. */
export type StoreAccess = "read" | "write"

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
    if (Option.isSome(flags.db)) return StoreTarget.Embedded({ filename: flags.db.value })
    const serverUrl = yield* serverUrlConfig
    if (Option.isSome(serverUrl)) return yield* remote(serverUrl.value)
    const database = yield* databaseConfig
    return StoreTarget.Embedded({ filename: Option.getOrElse(database, () => defaultDatabase) })
  })

const embeddedBaseUrl = "http://ze.embedded"

/** The server's API in this process over a SQLite file, reached through the same typed client as a remote server. */
const embeddedClient = (filename: string, access: StoreAccess) =>
  Layer.unwrapScoped(
    Effect.gen(function*() {
      const key = Redacted.make(randomUUID())
      const database = access === "read" && filename !== ":memory:" && !existsSync(filename) ? ":memory:" : filename
      const { handler } = yield* Effect.acquireRelease(
        Effect.try({
          try: () => makeInProcessHandler({ filename: database, settings: { writeKey: Option.some(key) } }),
          catch: (error) => new UsageError({ message: `Cannot open the store ${filename}: ${error instanceof Error ? error.message : String(error)} (--db FILE or ZE_DB chooses another)` })
        }),
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
      makeZeClient({ ...options, baseUrl, apiKey: Option.orElse(options.apiKey, () => Option.some(Redacted.make(DEV_LOCAL_KEY))) }))
  ).pipe(Layer.provide(FetchHttpClient.layer))

export const storeClientLayer = (target: StoreTarget, access: StoreAccess): Layer.Layer<ZeClient, UsageError | ConfigError.ConfigError> =>
  StoreTarget.$match(target, {
    Embedded: ({ filename }) => embeddedClient(filename, access),
    Remote: ({ baseUrl }) => remoteClient(baseUrl)
  })

/** Runs `effect` against the store the flags and the environment select. */
export const withStore = (flags: StoreFlags, access: StoreAccess) =>
<A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(resolveStoreTarget(flags), (target) => Effect.provide(effect, storeClientLayer(target, access)))
