import { describe, expect, it } from "@effect/vitest"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll } from "vitest"

const bundler = fileURLToPath(new URL("../bin/bundle.js", import.meta.url))
const { bundleInto } = await import(bundler) as { bundleInto: (directory: string) => Promise<string> }

const cache = mkdtempSync(join(tmpdir(), "ze-bundle-"))
afterAll(() => rmSync(cache, { recursive: true, force: true }))

/** Every file the entry loads before any `import()`: itself and its static chunk imports, transitively. */
const loadedAtStart = (entry: string) => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (
      const [, target] of readFileSync(file, "utf8").matchAll(
        /^(?:import|export) [^;]*? from "(\.\/(?:chunks\/)?[\w-]+\.mjs)";/gm
      )
    ) {
      visit(join(dirname(file), target!))
    }
  }
  visit(entry)
  return [...seen]
}

const dayAgo = (path: string) => {
  const then = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
  utimesSync(path, then, then)
}

describe("the CLI bundle", () => {
  it("loads the Anthropic SDK, the MCP SDK and the HTTP server only on demand, from chunks of their own", async () => {
    const entry = await bundleInto(cache)
    const manifest = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8")) as { build: string }
    expect(entry).toBe(join(cache, manifest.build, "ze.mjs"))
    const atStart = loadedAtStart(entry)
    const chunks = readdirSync(join(cache, manifest.build, "chunks")).filter((file) => file.endsWith(".mjs"))
    const source = (files: ReadonlyArray<string>) => files.map((file) => readFileSync(file, "utf8")).join("\n")
    const started = source(atStart)
    const onDemand = source(chunks.map((file) => join(cache, manifest.build, "chunks", file)))
    /** The bundled modules of a package, by the `// path` line esbuild writes above each. */
    const modulesOf = (code: string, pkg: string) =>
      [...code.matchAll(new RegExp(`^// \\S*node_modules/${pkg}/(\\S+)$`, "gm"))].map((match) => match[1])
    // Of the Anthropic SDK only its version string (the agent's provenance) is there from the start.
    expect(modulesOf(started, "@anthropic-ai/sdk")).toEqual(["version.mjs"])
    expect(modulesOf(started, "@modelcontextprotocol/sdk")).toEqual([])
    expect(modulesOf(started, "undici")).toEqual([])
    expect(modulesOf(onDemand, "@anthropic-ai/sdk").length).toBeGreaterThan(50)
    expect(modulesOf(onDemand, "@modelcontextprotocol/sdk").length).toBeGreaterThan(3)
  }, 120_000)

  it("a rebuild keeps the build it replaced for a day, and removes older builds and leftovers", async () => {
    const first = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8")) as { build: string }
    // The replaced build was made long ago, yet it was in use until now: it stays.
    dayAgo(join(cache, first.build))
    const oldBuild = join(cache, "build-1-1")
    const oldStaging = join(cache, "staging-1-1")
    mkdirSync(oldBuild)
    mkdirSync(oldStaging)
    dayAgo(oldBuild)
    dayAgo(oldStaging)
    const freshStaging = join(cache, "staging-2-2")
    mkdirSync(freshStaging)

    const entry = await bundleInto(cache)
    const second = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8")) as { build: string }
    expect(second.build).not.toBe(first.build)
    expect(existsSync(entry)).toBe(true)
    expect(existsSync(join(cache, first.build, "ze.mjs"))).toBe(true)
    expect(statSync(join(cache, first.build)).mtimeMs).toBeGreaterThan(Date.now() - 60_000)
    expect(existsSync(oldBuild)).toBe(false)
    expect(existsSync(oldStaging)).toBe(false)
    // Another start may be building in it right now.
    expect(existsSync(freshStaging)).toBe(true)
  }, 120_000)
})
