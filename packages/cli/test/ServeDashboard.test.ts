import { describe, expect, it } from "@effect/vitest"
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { freePort, spawnZe, stop, tempDirectory, waitForHealth } from "./support/Ze.js"

const builderPath = fileURLToPath(new URL("../../../scripts/build-dashboard.mjs", import.meta.url))

interface Builder {
  readonly webLayout: (webDirectory: string) => { readonly outDirectory: string }
  readonly ensureDashboard: (
    options: { layout: unknown; log: (line: string) => void; force?: boolean }
  ) => Promise<string>
}
const builder = (): Promise<Builder> => import(pathToFileURL(builderPath).href)

/** A stand-in for vite: writes an index.html and one hashed asset into --outDir, counting its runs. */
const fakeVite = `#!/usr/bin/env node
const fs = require("node:fs"), path = require("node:path")
const out = process.argv[process.argv.indexOf("--outDir") + 1]
fs.appendFileSync(path.join(__dirname, "runs"), "x")
const source = fs.readFileSync(path.join(process.cwd(), "src", "main.ts"), "utf8")
if (source.includes("syntax error")) { console.error("main.ts: Unexpected token"); process.exit(1) }
const hash = String(source.length)
fs.mkdirSync(path.join(out, "assets"), { recursive: true })
fs.writeFileSync(path.join(out, "assets", "index-" + hash + ".js"), source)
fs.writeFileSync(path.join(out, "index.html"), "<script src=/assets/index-" + hash + ".js></script>")
`

const fakeWeb = () => {
  const temp = tempDirectory("ze-web-")
  const web = join(temp.directory, "packages", "web")
  mkdirSync(join(web, "src"), { recursive: true })
  mkdirSync(join(web, "node_modules", ".bin"), { recursive: true })
  writeFileSync(join(web, "index.html"), "<div id=root></div>")
  writeFileSync(join(web, "src", "main.ts"), "render()")
  const bin = join(web, "node_modules", ".bin")
  const vite = join(bin, "vite")
  writeFileSync(vite, fakeVite)
  chmodSync(vite, 0o755)
  writeFileSync(join(bin, "package.json"), "{\"type\":\"commonjs\"}")
  const runs = () => (existsSync(join(bin, "runs")) ? readFileSync(join(bin, "runs"), "utf8").length : 0)
  return { ...temp, web, vite, runs }
}

describe("the dashboard build before ze serve (scripts/build-dashboard.mjs)", () => {
  it("builds when missing, then only when a source is newer; one line of output; stale files removed", async () => {
    const { ensureDashboard, webLayout } = await builder()
    const fake = fakeWeb()
    try {
      const layout = webLayout(fake.web)
      const lines: Array<string> = []
      const log = (line: string) => lines.push(line)
      expect(await ensureDashboard({ layout, log })).toBe("built")
      expect(lines).toEqual(["Building the dashboard…"])
      expect(readFileSync(join(layout.outDirectory, "index.html"), "utf8")).toContain("/assets/index-8.js")
      expect(await ensureDashboard({ layout, log })).toBe("fresh")
      expect(fake.runs()).toBe(1)

      writeFileSync(join(fake.web, "src", "main.ts"), "render(App)")
      const later = new Date(Date.now() + 5000)
      utimesSync(join(fake.web, "src", "main.ts"), later, later)
      expect(await ensureDashboard({ layout, log })).toBe("built")
      expect(existsSync(join(layout.outDirectory, "assets", "index-11.js"))).toBe(true)
      expect(existsSync(join(layout.outDirectory, "assets", "index-8.js"))).toBe(false)
      expect(fake.runs()).toBe(2)
    } finally {
      fake.remove()
    }
  })

  it("concurrent callers build once", async () => {
    const { ensureDashboard, webLayout } = await builder()
    const fake = fakeWeb()
    try {
      const layout = webLayout(fake.web)
      const results = await Promise.all([1, 2, 3].map(() => ensureDashboard({ layout, log: () => {} })))
      expect(results.filter((r) => r === "built")).toHaveLength(1)
      expect(results.filter((r) => r === "fresh")).toHaveLength(2)
      expect(fake.runs()).toBe(1)
    } finally {
      fake.remove()
    }
  })

  it("a failed build says why and keeps the previous build; no vite or no web app is said, not thrown", async () => {
    const { ensureDashboard, webLayout } = await builder()
    const fake = fakeWeb()
    try {
      const layout = webLayout(fake.web)
      expect(await ensureDashboard({ layout, log: () => {} })).toBe("built")
      writeFileSync(join(fake.web, "src", "main.ts"), "syntax error")
      const lines: Array<string> = []
      expect(await ensureDashboard({ layout, log: (line) => lines.push(line), force: true })).toBe("failed")
      expect(lines.join("\n")).toContain("Unexpected token")
      expect(readFileSync(join(layout.outDirectory, "index.html"), "utf8")).toContain("index-8.js")

      const noVite = fakeWeb()
      try {
        const messages: Array<string> = []
        rmSync(noVite.vite)
        expect(await ensureDashboard({ layout: webLayout(noVite.web), log: (line) => messages.push(line) })).toBe(
          "failed"
        )
        expect(messages.join("\n")).toContain("pnpm install")
        rmSync(join(noVite.web, "index.html"))
        expect(await ensureDashboard({ layout: webLayout(noVite.web), log: () => {} })).toBe("no-sources")
      } finally {
        noVite.remove()
      }
    } finally {
      fake.remove()
    }
  })
})

describe("ze serve with the dashboard", () => {
  const startServe = async (dashboardDirectory: string) => {
    const cwd = tempDirectory()
    const port = await freePort()
    const server = spawnZe(["serve", "--port", String(port)], {
      cwd: cwd.directory,
      env: { ZE_DASHBOARD_DIR: dashboardDirectory }
    })
    const baseUrl = `http://127.0.0.1:${port}`
    await waitForHealth(baseUrl, server)
    return {
      baseUrl,
      server,
      close: async () => {
        await stop(server.child, server.exited)
        cwd.remove()
      }
    }
  }

  it("serves ZE_DASHBOARD_DIR at / and for deep links, keeps /api JSON, and prints the dashboard's URL", async () => {
    const build = tempDirectory("ze-dashboard-")
    mkdirSync(join(build.directory, "assets"))
    writeFileSync(join(build.directory, "index.html"), "<title>fixture dashboard</title>")
    writeFileSync(join(build.directory, "assets", "app-1a2b.js"), "export {}")
    const served = await startServe(build.directory)
    try {
      expect(served.server.output()).toContain(
        `ze server on ${served.baseUrl}  dashboard ${served.baseUrl}/  API docs ${served.baseUrl}/docs`
      )
      expect(served.server.output()).not.toContain("Building the dashboard")
      for (const path of ["/", "/runs/x", "/batches/b?view=cells"]) {
        expect(await (await fetch(`${served.baseUrl}${path}`)).text()).toBe("<title>fixture dashboard</title>")
      }
      const asset = await fetch(`${served.baseUrl}/assets/app-1a2b.js`)
      expect(asset.headers.get("cache-control")).toContain("immutable")
      const missing = await fetch(`${served.baseUrl}/api/nope`)
      expect(missing.status).toBe(404)
      expect(await missing.json()).toMatchObject({ _tag: "RouteNotFound" })
      expect((await fetch(`${served.baseUrl}/docs`)).status).toBe(200)
    } finally {
      await served.close()
      build.remove()
    }
  })

  it("without a build, / says how to build it and the startup line says it is not built", async () => {
    const empty = tempDirectory("ze-dashboard-")
    const served = await startServe(empty.directory)
    try {
      expect(served.server.output()).toContain("dashboard not built (pnpm --filter @ze/web build)")
      const root = await fetch(`${served.baseUrl}/`)
      expect(root.status).toBe(200)
      expect(await root.text()).toContain("pnpm --filter @ze/web build")
    } finally {
      await served.close()
      empty.remove()
    }
  })
})
