import { HttpServerRequest } from "@effect/platform"
import { Forbidden, ReadAuth, Unauthorized, WriteAuth } from "@ze/domain"
import { Effect, Layer, Option, Redacted } from "effect"
import { ServerConfig } from "./ServerConfig.js"

const encoder = new TextEncoder()

const digest = (text: string) =>
  Effect.promise(() => crypto.subtle.digest("SHA-256", encoder.encode(text)).then((buffer) => new Uint8Array(buffer)))

/** Compares fixed-size digests of both keys, so the time taken says nothing about the key. */
export const constantTimeEquals = (given: string, expected: string) =>
  Effect.map(Effect.all([digest(given), digest(expected)]), ([a, b]) => {
    let difference = 0
    for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!
    return difference === 0
  })

const bearerToken = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const header = request.headers.authorization
  return header !== undefined && /^Bearer /i.test(header) ? Option.some(header.slice(7).trim()) : Option.none()
})

const matchesAny = (token: string, keys: ReadonlyArray<Redacted.Redacted>) =>
  Effect.map(Effect.forEach(keys, (key) => constantTimeEquals(token, Redacted.value(key))), (results) => results.some(Boolean))

const authorize = (keys: ReadonlyArray<Redacted.Redacted>, purpose: "write" | "read") =>
  Effect.gen(function*() {
    if (keys.length === 0) {
      return yield* new Forbidden({
        message: "Writes are disabled: this server has no API key (set API_SECRET_KEY on the Worker, ZE_API_KEY on Node)"
      })
    }
    const token = yield* bearerToken
    if (Option.isNone(token)) {
      return yield* new Unauthorized({ message: `Unauthorized: ${purpose} requests need 'Authorization: Bearer <key>'` })
    }
    if (!(yield* matchesAny(token.value, keys))) return yield* new Forbidden({ message: "Invalid API key" })
  })

export const WriteAuthLive = Layer.effect(
  WriteAuth,
  Effect.map(ServerConfig, (config) => WriteAuth.of({ bearer: () => authorize(Option.toArray(config.writeKey), "write") }))
)

export const ReadAuthLive = Layer.effect(
  ReadAuth,
  Effect.map(ServerConfig, (config) =>
    ReadAuth.of({
      bearer: () =>
        Option.isNone(config.readKey)
          ? Effect.void
          : authorize([config.readKey.value, ...Option.toArray(config.writeKey)], "read")
    }))
)
