import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { makeInProcessHandler } from "../src/inProcess.js"
import type { ServerSettings } from "../src/ServerConfig.js"
import { DEV_LOCAL_KEY, settingsFromConfig } from "../src/ServerConfig.js"
import { runPayload } from "./contract/fixtures.js"

const settingsFrom = (env: Record<string, string>, developmentWithoutKey = false) =>
  settingsFromConfig("sqlite", { developmentWithoutKey }).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

/** A fresh in-memory server with the given settings, disposed when the test's scope closes. */
const serverWith = (settings: Partial<ServerSettings>) =>
  Effect.acquireRelease(
    Effect.sync(() => makeInProcessHandler({ settings })),
    ({ dispose }) => Effect.promise(() => dispose())
  ).pipe(Effect.map(({ handler }) => (path: string, init?: RequestInit) =>
    Effect.promise(() => handler(new Request(`http://ze.test${path}`, init)))
  ))

const post = (body: unknown, key?: string): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
  body: JSON.stringify(body)
})

describe("server keys from configuration", () => {
  it.effect("production without a key refuses every write, even upstream's dev key", () =>
    Effect.gen(function*() {
      const settings = yield* settingsFrom({ ZE_ENV: "production" })
      expect(Option.isNone(settings.writeKey)).toBe(true)
      expect(settings.corsOrigins).toEqual([])
    }))

  it.effect("local development without a key accepts upstream's dev-local-key and any origin", () =>
    Effect.gen(function*() {
      const settings = yield* settingsFrom({ ZE_ENV: "development" })
      expect(Option.map(settings.writeKey, Redacted.value)).toEqual(Option.some(DEV_LOCAL_KEY))
      expect(settings.corsOrigins).toBe("*")
    }))

  it.effect("a configured key wins over the dev key; upstream's API_SECRET_KEY works too", () =>
    Effect.gen(function*() {
      const ours = yield* settingsFrom({ ZE_ENV: "development", ZE_API_KEY: "k1", API_SECRET_KEY: "k2" })
      expect(Option.map(ours.writeKey, Redacted.value)).toEqual(Option.some("k1"))
      const upstream = yield* settingsFrom({ API_SECRET_KEY: "k2" }, true)
      expect(Option.map(upstream.writeKey, Redacted.value)).toEqual(Option.some("k2"))
      expect(upstream.development).toBe(false)
    }))

  it.effect("a malformed setting names the variable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(settingsFrom({ ZE_MAX_BODY_BYTES: "lots" }))
      expect(String(error)).toMatch(/ZE_MAX_BODY_BYTES/)
      const environment = yield* Effect.flip(settingsFrom({ ZE_ENV: "staging" }))
      expect(String(environment)).toMatch(/ZE_ENV/)
    }))
})

describe("keys at the API", () => {
  it.scoped("with no write key, writes answer 403 and say how to enable them", () =>
    Effect.gen(function*() {
      const fetch = yield* serverWith({ storage: "memory" })
      const response = yield* fetch("/api/results", post(runPayload(), DEV_LOCAL_KEY))
      expect(response.status).toBe(403)
      const body = (yield* Effect.promise(() => response.json())) as { message: string }
      expect(body.message).toMatch(/Writes are disabled.*API_SECRET_KEY/)
    }))

  it.scoped("with a read key, reads need it (or the write key); health stays public", () =>
    Effect.gen(function*() {
      const fetch = yield* serverWith({
        storage: "memory",
        writeKey: Option.some(Redacted.make("write-key")),
        readKey: Option.some(Redacted.make("read-key"))
      })
      expect((yield* fetch("/health")).status).toBe(200)
      expect((yield* fetch("/api/runs")).status).toBe(401)
      expect((yield* fetch("/api/runs", { headers: { authorization: "Bearer nope" } })).status).toBe(403)
      expect((yield* fetch("/api/runs", { headers: { authorization: "Bearer read-key" } })).status).toBe(200)
      expect((yield* fetch("/api/stats", { headers: { authorization: "Bearer write-key" } })).status).toBe(200)
      expect((yield* fetch("/api/results", post(runPayload(), "read-key"))).status).toBe(403)
    }))

  it.scoped("a key accepted once is not a pass for others: wrong and read keys stay refused after the right one", () =>
    Effect.gen(function*() {
      const fetch = yield* serverWith({
        storage: "memory",
        writeKey: Option.some(Redacted.make("write-key")),
        readKey: Option.some(Redacted.make("read-key"))
      })
      const statuses: Array<number> = []
      for (const [i, key] of ["write-key", "nope", "write-key", "read-key", "write-ke", "write-key "].entries()) {
        statuses.push((yield* fetch("/api/results", post(runPayload({ runId: `key-run-${i}` }), key))).status)
      }
      // "write-key " is trimmed like any bearer token, so it is the right key.
      expect(statuses).toEqual([201, 403, 201, 403, 403, 201])
    }))
})
