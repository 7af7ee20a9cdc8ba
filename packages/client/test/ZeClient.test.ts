import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Layer, Option, Redacted } from "effect"
import type { ZeClientOptions } from "../src/ClientConfig.js"
import { clientOptionsFromConfig } from "../src/ClientConfig.js"
import { retryAfterFromHeaders } from "../src/Resilience.js"
import { ZeClient } from "../src/ZeClient.js"
import type { Reply } from "./ScriptedServer.js"
import { healthy, scriptedServer } from "./ScriptedServer.js"

const fast: Partial<ZeClientOptions> = {
  attemptTimeout: Duration.millis(300),
  callTimeout: Duration.seconds(10),
  retries: 3,
  baseDelay: Duration.millis(10),
  maxDelay: Duration.millis(50)
}

/** Runs `use` with a client pointed at a scripted loopback server; returns its outcome and the requests seen. */
const against = <A, E>(
  script: ReadonlyArray<Reply>,
  use: (client: ZeClient["Type"]) => Effect.Effect<A, E>,
  options: Partial<ZeClientOptions> = {}
) =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* scriptedServer(script)
    const layer = ZeClient.layerWith({ ...fast, ...options, baseUrl: server.baseUrl }).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    const outcome = yield* Effect.either(Effect.flatMap(ZeClient, use).pipe(Effect.provide(layer)))
    return { outcome, requests: server.requests }
  }))

const unavailable = { status: 503, body: { error: "busy" } }

describe("ZeClient", () => {
  it.live("retries transient failures and then succeeds", () =>
    Effect.gen(function*() {
      const { outcome, requests } = yield* against(
        [unavailable, { status: 502 }, healthy],
        (ze) => ze.health.health({})
      )
      expect(outcome._tag).toBe("Right")
      expect(requests).toEqual(["GET /health", "GET /health", "GET /health"])
    }))

  it.live("gives up after the configured retries with ZeUnavailable carrying the last status", () =>
    Effect.gen(function*() {
      const { outcome, requests } = yield* against([unavailable], (ze) => ze.health.health({}), { retries: 2 })
      expect(requests).toHaveLength(3)
      expect(outcome._tag === "Left" && outcome.left).toMatchObject({ _tag: "ZeUnavailable", status: 503, attempts: 3 })
    }))

  it.live("waits at least what Retry-After asks before retrying", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const { outcome } = yield* against([{ status: 429, headers: { "retry-after": "1" } }, healthy], (ze) =>
        ze.health.health({}))
      expect(outcome._tag).toBe("Right")
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    }))

  it.live("a server that never answers ends in ZeTimeout within the attempt deadline times the attempts", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const { outcome, requests } = yield* against(["hang"], (ze) => ze.health.health({}), { retries: 1 })
      expect(outcome._tag === "Left" && outcome.left).toMatchObject({ _tag: "ZeTimeout", timeoutMs: 300 })
      expect(requests).toHaveLength(2)
      expect(Date.now() - started).toBeLessThan(3000)
    }))

  it.live("the whole-call deadline bounds retries and waits", () =>
    Effect.gen(function*() {
      const { outcome } = yield* against(
        [{ status: 503, headers: { "retry-after": "30" } }],
        (ze) => ze.health.health({}),
        { callTimeout: Duration.millis(700) }
      )
      expect(outcome._tag === "Left" && outcome.left).toMatchObject({ _tag: "ZeTimeout", timeoutMs: 700 })
    }))

  it.live("declared errors are typed and never retried", () =>
    Effect.gen(function*() {
      const notFound = { status: 404, body: { _tag: "RunNotFound", runId: "r1", message: "Run not found: r1" } }
      const { outcome, requests } = yield* against([notFound], (ze) => ze.runs.get({ path: { runId: "r1" } }))
      expect(requests).toEqual(["GET /api/runs/r1"])
      expect(outcome._tag === "Left" && outcome.left).toMatchObject({ _tag: "RunNotFound", runId: "r1" })
    }))

  it.live("an undeclared answer is a ZeResponseError naming the status", () =>
    Effect.gen(function*() {
      const { outcome, requests } = yield* against([{ status: 418, body: {} }], (ze) => ze.health.health({}))
      expect(requests).toHaveLength(1)
      expect(outcome._tag === "Left" && outcome.left).toMatchObject({ _tag: "ZeResponseError", status: 418 })
    }))

  it.live("a refused connection is ZeUnavailable and says why", () =>
    Effect.gen(function*() {
      const closedPort = yield* Effect.scoped(Effect.map(scriptedServer([healthy]), (server) => server.baseUrl))
      const layer = ZeClient.layerWith({ ...fast, retries: 1, baseUrl: closedPort }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
      const error = yield* Effect.flip(
        Effect.flatMap(ZeClient, (ze) => ze.health.health({})).pipe(Effect.provide(layer))
      )
      expect(error._tag).toBe("ZeUnavailable")
      expect(error.message).toContain(`Cannot reach ${closedPort}/health: fetch failed: connect ECONNREFUSED`)
    }))

  it.live("sends the API key as a bearer token", () =>
    Effect.scoped(Effect.gen(function*() {
      const seen: Array<string | undefined> = []
      const server = yield* scriptedServer([{ status: 201, body: { success: true, runId: "r", created: true } }])
      const fetchSpy: typeof fetch = (input, init) => {
        seen.push(new Headers(init?.headers).get("authorization") ?? undefined)
        return fetch(input, init)
      }
      const layer = ZeClient.layerWith({ ...fast, baseUrl: server.baseUrl, apiKey: Option.some(Redacted.make("k-1")) })
        .pipe(
          Layer.provide(FetchHttpClient.layer),
          Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetchSpy))
        )
      yield* Effect.flatMap(ZeClient, (ze) => ze.health.health({})).pipe(Effect.provide(layer), Effect.ignore)
      expect(seen).toEqual(["Bearer k-1"])
    })))
})

describe("client configuration", () => {
  const read = (env: Record<string, string>) =>
    Effect.withConfigProvider(clientOptionsFromConfig, ConfigProvider.fromMap(new Map(Object.entries(env))))

  it.effect("prefers ze's names and falls back to upstream's", () =>
    Effect.gen(function*() {
      const upstream = yield* read({ ZE_BENCHMARKS_WORKER_URL: "https://w.example/", ZE_BENCHMARKS_API_KEY: "up" })
      expect(upstream.baseUrl).toBe("https://w.example")
      expect(Option.map(upstream.apiKey, Redacted.value)).toEqual(Option.some("up"))
      const ours = yield* read({
        ZE_SERVER_URL: "http://127.0.0.1:1234",
        ZE_BENCHMARKS_WORKER_URL: "https://w.example",
        ZE_CLIENT_RETRIES: "0"
      })
      expect(ours.baseUrl).toBe("http://127.0.0.1:1234")
      expect(ours.retries).toBe(0)
    }))

  it.effect("rejects a malformed number with the variable's name", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(read({ ZE_CLIENT_TIMEOUT_MS: "soon" }))
      expect(String(error)).toMatch(/ZE_CLIENT_TIMEOUT_MS/)
    }))
})

describe("retry-after", () => {
  it.effect("reads retry-after-ms, seconds and HTTP dates; ignores what it cannot read", () =>
    Effect.sync(() => {
      expect(retryAfterFromHeaders({ "retry-after-ms": "250", "retry-after": "9" })).toBe(250)
      expect(retryAfterFromHeaders({ "retry-after": "2" })).toBe(2000)
      const inFiveSeconds = new Date(Date.now() + 5000).toUTCString()
      expect(retryAfterFromHeaders({ "retry-after": inFiveSeconds })).toBeGreaterThan(3000)
      expect(retryAfterFromHeaders({ "retry-after": "soon" })).toBeUndefined()
      expect(retryAfterFromHeaders({})).toBeUndefined()
    }))
})
