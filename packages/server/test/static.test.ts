import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, ManagedRuntime, Option } from "effect"
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { makeInProcessHandler } from "../src/inProcess.js"
import { NodeServerLive } from "../src/node.js"
import { ServerConfig } from "../src/ServerConfig.js"
import { resolveInside } from "../src/StaticAssets.js"
import { freePort } from "./contract/targets.js"

const indexHtml = "<!doctype html><title>ze dashboard fixture</title><div id=root></div>"
const script = "console.log('app')"
const secret = "outside the build folder"

const fixture = (options: { readonly built: boolean; readonly favicon?: boolean }) => {
  const directory = mkdtempSync(join(tmpdir(), "ze-static-"))
  const app = join(directory, "app")
  mkdirSync(join(app, "assets"), { recursive: true })
  writeFileSync(join(directory, "secret.txt"), secret)
  if (options.built) {
    writeFileSync(join(app, "index.html"), indexHtml)
    writeFileSync(join(app, "assets", "index-AbC123.js"), script)
    symlinkSync(join(directory, "secret.txt"), join(app, "linked.txt"))
  }
  if (options.favicon) writeFileSync(join(app, "favicon.ico"), "icon")
  return { app, remove: () => rmSync(directory, { recursive: true, force: true }) }
}

const startNode = async (dashboardDirectory: string) => {
  const port = await freePort()
  const filename = join(mkdtempSync(join(tmpdir(), "ze-static-db-")), "ze.db")
  const runtime = ManagedRuntime.make(
    NodeServerLive({ port, host: "127.0.0.1", filename, dashboardDirectory }).pipe(
      Layer.provide(ServerConfig.make({ storage: "sqlite" }))
    )
  )
  await runtime.runPromise(Effect.void)
  return { baseUrl: `http://127.0.0.1:${port}`, port, close: () => runtime.dispose() }
}

/** `fetch` normalises `..` away; a raw request sends the path exactly as written. */
const rawGet = (port: number, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = ""
      res.setEncoding("utf8")
      res.on("data", (chunk) => (body += chunk))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on("error", reject)
    req.end()
  })

describe("resolveInside", () => {
  it("keeps paths inside the folder and refuses the rest", () => {
    expect(resolveInside("/srv/app", "/assets/a.js")).toEqual(Option.some("/srv/app/assets/a.js"))
    expect(resolveInside("/srv/app", "/")).toEqual(Option.some("/srv/app/"))
    for (
      const path of [
        "/../secret",
        "/..%2fsecret",
        "/assets/..%2f..%2fsecret",
        "/%2e%2e/secret",
        "/a%00b",
        "/%E0%A4%A",
        "/..%5csecret"
      ]
    ) {
      expect(resolveInside("/srv/app", path)).toEqual(Option.none())
    }
  })
})

describe("the Node server serves the built dashboard", () => {
  let app: ReturnType<typeof fixture>
  let server: Awaited<ReturnType<typeof startNode>>
  beforeAll(async () => {
    app = fixture({ built: true })
    server = await startNode(app.app)
  })
  afterAll(async () => {
    await server.close()
    app.remove()
  })
  const get = (path: string, init?: RequestInit) => fetch(`${server.baseUrl}${path}`, init)

  it("index.html at / and for every deep link, revalidated every time", async () => {
    for (const path of ["/", "/index.html", "/runs/x", "/batches/b-1?tab=cells", "/compare/a/b/c"]) {
      const response = await get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(response.headers.get("cache-control")).toBe("no-cache")
      expect(await response.text()).toBe(indexHtml)
    }
    const first = await get("/runs/x")
    const etag = first.headers.get("etag")
    expect(etag).not.toBeNull()
    const again = await get("/", { headers: { "if-none-match": etag! } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe("")
    const head = await get("/runs/x", { method: "HEAD" })
    expect(head.status).toBe(200)
  })

  it("hashed assets are cached for a year; a missing asset is a 404, not index.html", async () => {
    const asset = await get("/assets/index-AbC123.js")
    expect(asset.status).toBe(200)
    expect(asset.headers.get("content-type")).toMatch(/javascript/)
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable")
    expect(await asset.text()).toBe(script)
    expect((await get("/assets/gone-123.js")).status).toBe(404)
  })

  it("the API, its docs and /health are unchanged; unknown /api paths stay JSON 404s", async () => {
    expect(await (await get("/health")).json()).toMatchObject({ status: "ok" })
    expect((await get("/docs")).headers.get("content-type")).toMatch(/text\/html/)
    expect((await get("/api/openapi.json")).headers.get("content-type")).toMatch(/application\/json/)
    expect(await (await get("/api/runs")).json()).toEqual([])
    for (const path of ["/api/nope", "/api", "/api/runs/x/y/z"]) {
      const missing = await get(path)
      expect(missing.status, path).toBe(404)
      expect(await missing.json()).toMatchObject({ _tag: "RouteNotFound" })
    }
    const post = await get("/runs/x", { method: "POST" })
    expect(post.status).toBe(404)
    expect(await post.json()).toMatchObject({ _tag: "RouteNotFound" })
  })

  it("never serves a file outside the folder", async () => {
    for (
      const path of [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/..%2fsecret.txt",
        "/assets/../../secret.txt",
        "/linked.txt"
      ]
    ) {
      const response = await rawGet(server.port, path)
      expect(response.body, path).not.toContain(secret)
    }
    expect((await rawGet(server.port, "/..%2fsecret.txt")).status).toBe(404)
  })

  it("/favicon.ico answers 204 when the build has none", async () => {
    expect((await get("/favicon.ico")).status).toBe(204)
  })
})

describe("the Node server without a dashboard build", () => {
  it("answers a page that says how to build it, and serves a favicon the folder has", async () => {
    const empty = fixture({ built: false, favicon: true })
    const server = await startNode(empty.app)
    try {
      for (const path of ["/", "/runs/x"]) {
        const response = await fetch(`${server.baseUrl}${path}`)
        expect(response.status).toBe(200)
        const html = await response.text()
        expect(html).toContain("pnpm --filter @ze/web build")
        expect(html).toContain("href=\"/docs\"")
      }
      expect(await (await fetch(`${server.baseUrl}/favicon.ico`)).text()).toBe("icon")
      expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200)
    } finally {
      await server.close()
      empty.remove()
    }
  })

  it("a folder that does not exist is the same page, not a crash", async () => {
    const server = await startNode(join(tmpdir(), "ze-static-nowhere", "app"))
    try {
      expect(await (await fetch(`${server.baseUrl}/`)).text()).toContain("The dashboard is not built")
    } finally {
      await server.close()
    }
  })
})

describe("the in-process handler", () => {
  it("serves no files: / is a JSON 404 (the CLI and the Worker do not read the disk)", async () => {
    const { dispose, handler } = makeInProcessHandler()
    try {
      const root = await handler(new Request("http://ze.in-process/"))
      expect(root.status).toBe(404)
      expect(await root.json()).toMatchObject({ _tag: "RouteNotFound" })
      expect((await handler(new Request("http://ze.in-process/docs"))).status).toBe(200)
    } finally {
      await dispose()
    }
  })
})
