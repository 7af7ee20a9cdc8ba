import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll } from "vitest"
import { freePort } from "./contract/targets.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const wranglerBin = join(root, "node_modules/.bin/wrangler")
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" }
const realBuild = join(root, "packages/web/dist/app")

/**
 * The real build (the global setup makes it) whenever this checkout has the web app; a fixture folder, passed with
 * `--assets` (wrangler keeps the rest of `[assets]`), only in a checkout without one.
 */
const assetsFolder = () => {
  if (existsSync(join(root, "packages/web/index.html"))) {
    if (!existsSync(join(realBuild, "index.html"))) {
      throw new Error(`No dashboard build in ${realBuild}: the global setup should have built it`)
    }
    return { directory: realBuild, args: [], remove: () => {} }
  }
  const fixture = mkdtempSync(join(tmpdir(), "ze-assets-"))
  mkdirSync(join(fixture, "assets"))
  writeFileSync(join(fixture, "index.html"), "<!doctype html><title>fixture</title>")
  writeFileSync(join(fixture, "assets", "index-f1x7.js"), "export {}")
  return {
    directory: fixture,
    args: ["--assets", fixture],
    remove: () => rmSync(fixture, { recursive: true, force: true })
  }
}

describe("the Worker serves the dashboard through wrangler's static assets", () => {
  let baseUrl: string
  let assets: ReturnType<typeof assetsFolder>
  let stopWorker: () => Promise<void>
  beforeAll(async () => {
    assets = assetsFolder()
    const persist = mkdtempSync(join(tmpdir(), "ze-d1-"))
    const [port, inspector] = [await freePort(), await freePort()]
    const child = spawn(wranglerBin, [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      ...assets.args
    ], { cwd: root, env: wranglerEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
    stopWorker = async () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM")
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      rmSync(persist, { recursive: true, force: true })
    }
    baseUrl = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 90_000
    while (Date.now() < deadline && child.exitCode === null) {
      if (await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)) return
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    await stopWorker()
    throw new Error(`wrangler dev did not become healthy at ${baseUrl}:\n${output}`)
  })
  afterAll(async () => {
    await stopWorker?.()
    assets?.remove()
  })

  it("/ and deep links answer the build's index.html; its assets are served", async () => {
    const index = readFileSync(join(assets.directory, "index.html"), "utf8")
    for (const path of ["/", "/runs/x", "/batches/b-1"]) {
      const response = await fetch(`${baseUrl}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get("content-type")).toMatch(/text\/html/)
      expect(await response.text()).toBe(index)
    }
    const asset = readdirSync(join(assets.directory, "assets")).find((file) => file.endsWith(".js"))
    expect(asset).toBeDefined()
    const script = await fetch(`${baseUrl}/assets/${asset}`)
    expect(script.status).toBe(200)
    expect(script.headers.get("content-type")).toMatch(/javascript/)
  })

  it("the API keeps its paths: JSON 404 under /api, /health JSON, /docs from the Worker", async () => {
    const missing = await fetch(`${baseUrl}/api/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ _tag: "RouteNotFound" })
    const health = await fetch(`${baseUrl}/health`)
    expect(health.headers.get("content-type")).toMatch(/application\/json/)
    expect(await health.json()).toMatchObject({ status: "ok", storage: "d1" })
    expect(health.headers.get("etag")).not.toBeNull()
    const docs = await fetch(`${baseUrl}/docs`)
    expect(await docs.text()).toContain("/api/results/batch")
  })
})
