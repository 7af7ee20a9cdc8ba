import {
  Etag,
  FileSystem,
  HttpApiBuilder,
  HttpServerError,
  HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpPlatform from "@effect/platform-node/NodeHttpPlatform"
import { Config, Effect, Layer, Option } from "effect"
import { isAbsolute, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { etagMatches } from "./HttpCache.js"

/** Where `pnpm --filter @ze/web build` puts the dashboard, found from this file so any working directory works. */
export const defaultDashboardDirectory = fileURLToPath(new URL("../../web/dist/app", import.meta.url))

/** `ZE_DASHBOARD_DIR` (relative to the working directory), else the web package's build folder. */
export const dashboardDirectoryConfig = Config.string("ZE_DASHBOARD_DIR").pipe(
  Config.withDefault(defaultDashboardDirectory),
  Config.map((directory) => resolve(directory))
)

const immutable = "public, max-age=31536000, immutable"

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** What `/` answers until the web package is built: never a crash, and the way out. */
export const notBuiltPage = (directory: string) =>
  HttpServerResponse.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ze: dashboard not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:640px;margin:3rem auto;padding:0 1rem;color:#1d2330}code{background:#f5f6f8;padding:1px 4px}</style>
</head><body><h1>The dashboard is not built</h1>
<p>No <code>index.html</code> in <code>${
      escape(directory)
    }</code>. Build it with <code>pnpm --filter @ze/web build</code>
(<code>ze serve</code> from a clone does so by itself), then reload.</p>
<p>The API is up: see its <a href="/docs">docs</a>.</p></body></html>`
  ).pipe(
    HttpServerResponse.setHeader("cache-control", "no-cache")
  )

const isInside = (root: string, file: string) => {
  const path = relative(root, file)
  return path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path)
}

/** The file a URL path names inside `root`, or `None` when the path is malformed or escapes the folder. */
export const resolveInside = (root: string, pathname: string): Option.Option<string> => {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return Option.none()
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return Option.none()
  const file = join(root, decoded)
  return isInside(root, file) ? Option.some(file) : Option.none()
}

const isApiPath = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/")

const regularFile = (fs: FileSystem.FileSystem, root: string, file: string) =>
  Effect.gen(function*() {
    const info = yield* fs.stat(file)
    if (info.type !== "File") return Option.none()
    const [realRoot, realFile] = yield* Effect.all([fs.realPath(root), fs.realPath(file)])
    return isInside(realRoot, realFile) ? Option.some(info) : Option.none()
  }).pipe(Effect.orElseSucceed(() => Option.none<FileSystem.File.Info>()))

/** A file with its cache policy; a matching `If-None-Match` gets a 304 without opening the file. */
const fileResponse = (file: string, info: FileSystem.File.Info, cacheControl: string) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const etag = Etag.toString(yield* Effect.flatMap(Etag.Generator, (generator) => generator.fromFileInfo(info)))
    const headers = {
      "cache-control": cacheControl,
      ...(file.endsWith(".html") ? { "content-type": "text/html; charset=utf-8" } : {})
    }
    if (etagMatches(request.headers["if-none-match"], etag)) {
      return HttpServerResponse.empty({ status: 304, headers: { ...headers, etag } })
    }
    return yield* HttpServerResponse.file(file, { headers }).pipe(Effect.orDie)
  })

const serveDashboard = (root: string) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const pathname = new URL(request.url, "http://ze.local").pathname
    if (isApiPath(pathname)) return yield* new HttpServerError.RouteNotFound({ request })
    const target = resolveInside(root, pathname)
    if (Option.isNone(target)) return HttpServerResponse.text("Not found", { status: 404 })
    const fs = yield* FileSystem.FileSystem
    const info = yield* regularFile(fs, root, target.value)
    if (Option.isSome(info)) {
      return yield* fileResponse(target.value, info.value, pathname.startsWith("/assets/") ? immutable : "no-cache")
    }
    if (pathname.startsWith("/assets/")) return HttpServerResponse.text("Not found", { status: 404 })
    if (pathname === "/favicon.ico") return HttpServerResponse.empty({ status: 204 })
    const index = join(root, "index.html")
    const indexInfo = yield* regularFile(fs, root, index)
    return Option.isSome(indexInfo) ? yield* fileResponse(index, indexInfo.value, "no-cache") : notBuiltPage(root)
  })

/** `AppLive`'s web context has no file system: the dashboard's routes bring Node's own. */
const NodeFiles = Layer.mergeAll(NodeFileSystem.layer, NodeHttpPlatform.layer, Etag.layer)

/**
 * The built dashboard on every path the API leaves free: files as they are (hashed `/assets/*` cached for a year),
 * index.html for any other path so deep links reach the app's router, JSON 404s kept for `/api/*`. Node only: the
 * Worker serves the same folder through wrangler's static assets.
 */
export const StaticAssetsLive = (directory: string) =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const files = yield* Layer.build(NodeFiles)
      const handler = serveDashboard(resolve(directory)).pipe(Effect.provide(files))
      yield* router.get("/", handler)
      yield* router.get("/*", handler)
    })
  )
