import type { D1Database } from "@cloudflare/workers-types"
import { HttpApiBuilder } from "@effect/platform"
import { D1Client } from "@effect/sql-d1"
import { ConfigProvider, Layer } from "effect"
import { AppLive } from "./App.js"
import { AtomicWriter } from "./AtomicWriter.js"
import { ServerConfig } from "./ServerConfig.js"

/** The Worker's bindings: the D1 database and string vars/secrets (API_SECRET_KEY, ZE_ENV, ZE_CORS_ORIGINS, …). */
export interface Env {
  readonly DB: D1Database
  readonly [name: string]: unknown
}

type Handler = ReturnType<typeof HttpApiBuilder.toWebHandler>["handler"]

const stringVars = (env: Env) =>
  new Map(Object.entries(env).flatMap(([key, value]) => (typeof value === "string" ? [[key, value] as const] : [])))

const makeHandler = (env: Env): Handler =>
  HttpApiBuilder.toWebHandler(
    AppLive.pipe(
      Layer.provide(ServerConfig.fromConfig("d1")),
      Layer.provide([D1Client.layer({ db: env.DB }), AtomicWriter.layerD1(env.DB)]),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(stringVars(env))))
    )
  ).handler

/** Cloudflare passes the same `env` to every request an isolate serves, so the handler is built once per env. */
const handlers = new WeakMap<Env, Handler>()

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    let handler = handlers.get(env)
    if (!handler) {
      handler = makeHandler(env)
      handlers.set(env, handler)
    }
    return handler(request)
  }
}
