import { describe, expect, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterAll } from "vitest"

const bundler = fileURLToPath(new URL("../bin/bundle.js", import.meta.url))
const { bundleInto, freshEntry } = await import(bundler) as {
  bundleInto: (directory: string) => Promise<string>
  freshEntry: (directory: string) => string | undefined
}

const cache = mkdtempSync(join(tmpdir(), "ze-bundle-"))
afterAll(() => rmSync(cache, { recursive: true, force: true }))

const launcher = fileURLToPath(new URL("../bin/ze.js", import.meta.url))

/** Starts `ze --help` from the bundle in `cache`, with V8's coverage of it written to `coverage` when given. */
const startHelp = (coverage?: string) =>
  execFileSync(process.execPath, [launcher, "--help"], {
    env: {
      ...process.env,
      ZE_CLI_CACHE_DIR: cache,
      NODE_OPTIONS: "",
      ...(coverage === undefined ? {} : { NODE_V8_COVERAGE: coverage })
    },
    encoding: "utf8"
  })

interface ScriptCoverage {
  readonly url: string
  readonly functions: ReadonlyArray<
    { readonly functionName: string; readonly ranges: ReadonlyArray<{ count: number }> }
  >
}

/**
 * The bundled modules of `pkg` that esbuild wrapped to evaluate on demand, each with whether the start evaluated it:
 * a wrapper is a function named after the module's path.
 */
const wrappedModules = (coverage: string, entry: string, pkg: string) => {
  const scripts = readdirSync(coverage).flatMap((file) =>
    (JSON.parse(readFileSync(join(coverage, file), "utf8")) as { result: ReadonlyArray<ScriptCoverage> }).result
  )
  const bundle = scripts.find((script) => script.url === entry || script.url === pathToFileURL(entry).href)
  if (bundle === undefined) throw new Error(`no coverage of ${entry}`)
  const marker = `node_modules/${pkg}/`
  return bundle.functions.flatMap(({ functionName, ranges }) =>
    functionName.includes(marker)
      ? [{
        module: functionName.slice(functionName.lastIndexOf(marker) + marker.length),
        evaluated: ranges[0]!.count > 0
      }]
      : []
  )
}

const dayAgo = (path: string) => {
  const then = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
  utimesSync(path, then, then)
}

describe("the CLI bundle", () => {
  it("evaluates the Anthropic SDK, the MCP SDK and the HTTP client only on demand", async () => {
    const entry = await bundleInto(cache)
    const manifest = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8")) as { build: string }
    expect(entry).toBe(join(cache, manifest.build, "ze.cjs"))
    const coverage = mkdtempSync(join(tmpdir(), "ze-coverage-"))
    try {
      expect(startHelp(coverage)).toContain("USAGE")
      const anthropic = wrappedModules(coverage, entry, "@anthropic-ai/sdk")
      const mcp = wrappedModules(coverage, entry, "@modelcontextprotocol/sdk")
      // Bundled, each behind its wrapper.
      expect(anthropic.length).toBeGreaterThan(50)
      expect(mcp.length).toBeGreaterThan(3)
      // Of the Anthropic SDK only its version string (the agent's provenance) is evaluated at the start.
      expect(anthropic.filter((module) => module.evaluated).map((module) => module.module)).toEqual(["version.mjs"])
      expect(mcp.filter((module) => module.evaluated)).toEqual([])
      expect(wrappedModules(coverage, entry, "undici").filter((module) => module.evaluated)).toEqual([])
    } finally {
      rmSync(coverage, { recursive: true, force: true })
    }
  }, 120_000)

  it(
    "the first start of a build keeps V8's code cache of it, later starts read it, and a refused one is replaced",
    () => {
      const manifest = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8")) as { build: string }
      const codeCache = join(cache, manifest.build, "ze.cjs.v8cache")
      rmSync(codeCache, { force: true })
      startHelp()
      const written = statSync(codeCache)
      expect(written.size).toBeGreaterThan(100_000)
      // Accepted: the next start leaves it as it is.
      startHelp()
      expect(statSync(codeCache).mtimeMs).toBe(written.mtimeMs)
      // V8 refuses a cache that is not its own; the start still works and writes a good one.
      writeFileSync(codeCache, "not a code cache")
      expect(startHelp()).toContain("USAGE")
      expect(statSync(codeCache).size).toBeGreaterThan(100_000)
    },
    60_000
  )

  it("is stale once a workspace source or an installed package changes, and not otherwise", async () => {
    const entry = await bundleInto(cache)
    const path = join(cache, "manifest.json")
    const manifest = JSON.parse(readFileSync(path, "utf8")) as { inputs: Record<string, number> }
    expect(freshEntry(cache)).toBe(entry)
    const inputs = Object.keys(manifest.inputs)
    // An installed package stands as its package.json, not as each of its files.
    expect(inputs.filter((file) => file.includes("node_modules") && !file.endsWith("package.json"))).toEqual([])
    const effect = inputs.find((file) => /node_modules[\\/]effect[\\/]package\.json$/.test(file))
    const source = inputs.find((file) => file.endsWith(join("cli", "src", "bin.ts")))
    for (const file of [effect!, source!]) {
      // What a changed file looks like to a start: another mtime than the manifest recorded (the manifest is
      // edited, not the file, which other tests' starts are reading).
      writeFileSync(path, JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, [file]: 1 } }))
      expect(freshEntry(cache)).toBeUndefined()
    }
    writeFileSync(path, JSON.stringify(manifest))
    expect(freshEntry(cache)).toBe(entry)
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
    expect(existsSync(join(cache, first.build, "ze.cjs"))).toBe(true)
    expect(statSync(join(cache, first.build)).mtimeMs).toBeGreaterThan(Date.now() - 60_000)
    expect(existsSync(oldBuild)).toBe(false)
    expect(existsSync(oldStaging)).toBe(false)
    // Another start may be building in it right now.
    expect(existsSync(freshStaging)).toBe(true)
  }, 120_000)
})
