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

/**
 * Whether a presented key is one of the server's: its digest compared with each in constant time. A key that
 * matched is remembered (at most one entry per server key), so a client sending the right key on every request
 * costs one hash in all, not one per request (WebCrypto's digest is the costliest step of a small write). A wrong
 * key is never remembered: it is hashed every time, and the set cannot grow.
 */
const keyMatcher = (digests: ReadonlyArray<Uint8Array>) => {
  const accepted = new Set<string>()
  return (token: string) =>
    accepted.has(token) ? Effect.succeed(true) : Effect.map(digest(token), (given) => {
      const matches = digests.map((expected) => sameDigest(given, expected)).some(Boolean)
      if (matches && accepted.size < digests.length) accepted.add(token)
      return matches
    })
}

const authorize = (keys: ReadonlyArray<Uint8Array>, purpose: "write" | "read") => {
  const matchesAny = keyMatcher(keys)
  return Effect.gen(function*() {
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
    if (!(yield* matchesAny(token.value))) return yield* new Forbidden({ message: "Invalid API key" })
  })
}

export const WriteAuthLive = Layer.effect(
  WriteAuth,
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const digests = yield* keyDigests(Option.toArray(config.writeKey))
    const check = authorize(digests, "write")
    return WriteAuth.of({ bearer: () => check })
  })
)

export const ReadAuthLive = Layer.effect(
  ReadAuth,
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const digests = yield* keyDigests([...Option.toArray(config.readKey), ...Option.toArray(config.writeKey)])
    const check = Option.isNone(config.readKey) ? Effect.void : authorize(digests, "read")
    return ReadAuth.of({ bearer: () => check })
  })
)
