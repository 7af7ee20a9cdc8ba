import { HttpServerRequest } from "@effect/platform"
import { Forbidden, ReadAuth, Unauthorized, WriteAuth } from "@ze/domain"
import { Effect, Layer, Option, Redacted } from "effect"
import { ServerConfig } from "./ServerConfig.js"

const encoder = new TextEncoder()

const digest = (text: string) =>
  Effect.promise(() => crypto.subtle.digest("SHA-256", encoder.encode(text)).then((buffer) => new Uint8Array(buffer)))

/** Compares fixed-size digests of two keys, so the time taken says nothing about the key. */
const sameDigest = (a: Uint8Array, b: Uint8Array) => {
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!
  return difference === 0
}

const bearerToken = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const header = request.headers.authorization
  return header !== undefined && /^Bearer /i.test(header) ? Option.some(header.slice(7).trim()) : Option.none()
})

/** The keys' digests are computed once per server; each request hashes only the key it presents. */
const keyDigests = (keys: ReadonlyArray<Redacted.Redacted>) =>
  Effect.forEach(keys, (key) => digest(Redacted.value(key)))

const matchesAny = (token: string, digests: ReadonlyArray<Uint8Array>) =>
  Effect.map(digest(token), (given) => digests.map((expected) => sameDigest(given, expected)).some(Boolean))

const authorize = (keys: ReadonlyArray<Uint8Array>, purpose: "write" | "read") =>
  Effect.gen(function*() {
    if (keys.length === 0) {
      return yield* new Forbidden({
        message:
          "Writes are disabled: this server has no API key (set API_SECRET_KEY on the Worker, ZE_API_KEY on Node)"
      })
    }
    const token = yield* bearerToken
    if (Option.isNone(token)) {
      return yield* new Unauthorized({
        message: `Unauthorized: ${purpose} requests need 'Authorization: Bearer <key>'`
      })
    }
    if (!(yield* matchesAny(token.value, keys))) return yield* new Forbidden({ message: "Invalid API key" })
  })

export const WriteAuthLive = Layer.effect(
  WriteAuth,
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const digests = yield* keyDigests(Option.toArray(config.writeKey))
    return WriteAuth.of({ bearer: () => authorize(digests, "write") })
  })
)

export const ReadAuthLive = Layer.effect(
  ReadAuth,
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const digests = yield* keyDigests([...Option.toArray(config.readKey), ...Option.toArray(config.writeKey)])
    return ReadAuth.of({ bearer: () => (Option.isNone(config.readKey) ? Effect.void : authorize(digests, "read")) })
  })
)
