import type { StorageKind } from "@ze/domain"
import { ZE_VERSION } from "@ze/domain"
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"

/** The key upstream's clients send when no key is configured; accepted only in local development. */
export const DEV_LOCAL_KEY = "dev-local-key"

export interface ServerSettings {
  /** The write key; `None` refuses every write. */
  readonly writeKey: Option.Option<Redacted.Redacted>
  /** When set, reads need this key (or the write key). */
  readonly readKey: Option.Option<Redacted.Redacted>
  readonly development: boolean
  /** `"*"` allows every origin; otherwise an allow-list. */
  readonly corsOrigins: "*" | ReadonlyArray<string>
  readonly maxBodyBytes: number
  readonly maxArtifactBytes: number
  readonly storage: StorageKind
  readonly version: string
}

const CorsOrigins = Config.string("ZE_CORS_ORIGINS").pipe(
  Config.map((raw) =>
    raw.trim() === "*" ? "*" as const : raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
  ),
  Config.option
)

const optionalKey = (...names: ReadonlyArray<string>) =>
  Config.all(names.map((name) => Config.option(Config.redacted(name)))).pipe(
    Config.map((keys) => Option.firstSomeOf(keys).pipe(Option.filter((key) => Redacted.value(key).length > 0)))
  )

/**
 * Reads the server settings from configuration (`ZE_ENV`, `ZE_API_KEY`/`API_SECRET_KEY`, `ZE_READ_KEY`,
 * `ZE_CORS_ORIGINS`, `ZE_MAX_BODY_BYTES`, `ZE_MAX_ARTIFACT_BYTES`). Without a configured key, only local
 * development accepts writes, with upstream's `dev-local-key`.
 */
export const settingsFromConfig = (storage: StorageKind, options: { readonly developmentWithoutKey?: boolean } = {}) =>
  Effect.gen(function*() {
    const environment = yield* Config.literal("development", "production")("ZE_ENV").pipe(Config.option)
    const configuredKey = yield* optionalKey("ZE_API_KEY", "API_SECRET_KEY")
    const development = Option.getOrElse(
      Option.map(environment, (env) => env === "development"),
      () => options.developmentWithoutKey === true && Option.isNone(configuredKey)
    )
    const cors = yield* CorsOrigins
    return {
      writeKey: Option.orElse(
        configuredKey,
        () => development ? Option.some(Redacted.make(DEV_LOCAL_KEY)) : Option.none()
      ),
      readKey: yield* optionalKey("ZE_READ_KEY"),
      development,
      corsOrigins: Option.getOrElse(cors, () => development ? "*" as const : []),
      maxBodyBytes: yield* Config.integer("ZE_MAX_BODY_BYTES").pipe(Config.withDefault(8 * 1024 * 1024)),
      maxArtifactBytes: yield* Config.integer("ZE_MAX_ARTIFACT_BYTES").pipe(Config.withDefault(512 * 1024)),
      storage,
      version: ZE_VERSION
    } satisfies ServerSettings
  })

export class ServerConfig extends Context.Tag("ze/server/ServerConfig")<ServerConfig, ServerSettings>() {
  static readonly fromConfig = (storage: StorageKind, options?: { readonly developmentWithoutKey?: boolean }) =>
    Layer.effect(ServerConfig, settingsFromConfig(storage, options))
  static readonly make = (settings: Partial<ServerSettings> & Pick<ServerSettings, "storage">) =>
    Layer.succeed(ServerConfig, {
      writeKey: Option.none(),
      readKey: Option.none(),
      development: false,
      corsOrigins: [],
      maxBodyBytes: 8 * 1024 * 1024,
      maxArtifactBytes: 512 * 1024,
      version: ZE_VERSION,
      ...settings
    })
}
