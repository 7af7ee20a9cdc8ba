import { Config, Duration, Option } from "effect"
import type { Redacted } from "effect"

export interface ZeClientOptions {
  readonly baseUrl: string
  readonly apiKey: Option.Option<Redacted.Redacted>
  /** Deadline of one HTTP attempt. */
  readonly attemptTimeout: Duration.Duration
  /** Deadline of a whole call, retries and waits included. */
  readonly callTimeout: Duration.Duration
  /** Retries after the first attempt, for transient failures only. */
  readonly retries: number
  /** First backoff delay; doubles each retry, with full jitter. */
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
}

export const defaultClientOptions = {
  baseUrl: "http://127.0.0.1:8787",
  apiKey: Option.none(),
  attemptTimeout: Duration.seconds(15),
  callTimeout: Duration.seconds(60),
  retries: 4,
  baseDelay: Duration.millis(200),
  maxDelay: Duration.seconds(10)
} satisfies ZeClientOptions

const firstOf = <A>(configs: ReadonlyArray<Config.Config<A>>) =>
  Config.map(Config.all(configs.map(Config.option)), Option.firstSomeOf)

/**
 * Client options from configuration: `ZE_SERVER_URL` (or upstream's `ZE_BENCHMARKS_WORKER_URL`), `ZE_API_KEY`
 * (or `ZE_BENCHMARKS_API_KEY`), and `ZE_CLIENT_ATTEMPT_TIMEOUT_MS`, `ZE_CLIENT_TIMEOUT_MS`, `ZE_CLIENT_RETRIES`.
 */
export const clientOptionsFromConfig: Config.Config<ZeClientOptions> = Config.all({
  baseUrl: firstOf([Config.nonEmptyString("ZE_SERVER_URL"), Config.nonEmptyString("ZE_BENCHMARKS_WORKER_URL")]).pipe(
    Config.map(Option.getOrElse(() => defaultClientOptions.baseUrl)),
    Config.map((url) => url.replace(/\/+$/, ""))
  ),
  apiKey: firstOf([Config.redacted("ZE_API_KEY"), Config.redacted("ZE_BENCHMARKS_API_KEY")]),
  attemptTimeout: Config.integer("ZE_CLIENT_ATTEMPT_TIMEOUT_MS").pipe(
    Config.map(Duration.millis),
    Config.withDefault(defaultClientOptions.attemptTimeout)
  ),
  callTimeout: Config.integer("ZE_CLIENT_TIMEOUT_MS").pipe(
    Config.map(Duration.millis),
    Config.withDefault(defaultClientOptions.callTimeout)
  ),
  retries: Config.integer("ZE_CLIENT_RETRIES").pipe(Config.withDefault(defaultClientOptions.retries)),
  baseDelay: Config.succeed(defaultClientOptions.baseDelay),
  maxDelay: Config.succeed(defaultClientOptions.maxDelay)
})
