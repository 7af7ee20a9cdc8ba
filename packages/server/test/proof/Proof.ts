import { ConfigProvider, Layer } from "effect"
import { ServerConfig } from "../../src/ServerConfig.js"
import type { Target } from "../contract/Target.js"
import { contractSettings } from "../contract/Target.js"
import { contractVars } from "../contract/targets.js"

/** The keys of the proof servers: writes need `write`; reads need `read` (or `write`). */
export const proofKeys = { write: contractSettings.writeKey, read: "proof-read-key" } as const

/** The main proof server: production, a write key, a read key, the contract's CORS origin and size limits. */
export const proofVars: Readonly<Record<string, string>> = {
  ...contractVars,
  ZE_ENV: "production",
  ZE_READ_KEY: proofKeys.read
}

/** Production without a write key (as a Worker deployed without its secret), with a read key. */
export const lockedVars: Readonly<Record<string, string>> = { ZE_ENV: "production", ZE_READ_KEY: proofKeys.read }

/** The main server's keys with the default size limits (8 MB bodies, 512 KB artifacts). */
export const roomyVars: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(proofVars).filter(([name]) => !name.startsWith("ZE_MAX_"))
)

/** Node settings read from the same variables the Worker gets, through the same `ServerConfig.fromConfig`. */
export const configFromVars = (vars: Readonly<Record<string, string>>) =>
  ServerConfig.fromConfig("sqlite").pipe(
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars)))))
  )

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: unknown
}

/** One request; `key: null` sends no Authorization header. The body is read whole; a dropped connection throws. */
export const send = async (
  target: Target,
  path: string,
  options: {
    readonly body?: string
    readonly key?: string | null
    readonly headers?: Record<string, string>
    readonly method?: string
  } = {}
): Promise<Answer> => {
  const key = options.key === undefined ? proofKeys.write : options.key
  const response = await target.fetch(path, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...options.headers
    },
    ...(options.body === undefined ? {} : { body: options.body })
  })
  const text = await response.text()
  const isJson = /json/.test(response.headers.get("content-type") ?? "")
  return { status: response.status, headers: response.headers, body: isJson && text !== "" ? JSON.parse(text) : text }
}

export const writeEndpoints = ["/api/results", "/api/results/batch"] as const

/** An error answer: a 4xx whose body is a JSON object with a `_tag` and a `message`. */
export const isJsonError = (answer: Answer) =>
  answer.status >= 400 && answer.status < 500 && typeof answer.body === "object" && answer.body !== null &&
  typeof (answer.body as { _tag?: unknown })._tag === "string" &&
  typeof (answer.body as { message?: unknown }).message === "string"
