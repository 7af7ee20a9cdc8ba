// Bundles src/bin.ts with the workspace sources it imports into one CommonJS file: Node loads one script instead of
// resolving thousands of modules, which takes `ze` from about 2 s to a few hundred ms per start. What only some
// commands need (the Anthropic and MCP SDKs, the HTTP server) is imported on demand, and esbuild leaves such modules
// unevaluated until then. Most of what is left of a start is V8 compiling the script, so the first start of a build
// keeps V8's code cache of it beside it (`ze.cjs.v8cache`) and later starts read that instead (CommonJS because Node 20
// can give a script, not an ES module, a code cache). The bundle is rebuilt when any of its inputs changes (mtime; an
// installed package's package.json stands for its files) or when Node's version changes.
import { createHash } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { constants as vmConstants, Script } from "node:vm"

const cliDirectory = fileURLToPath(new URL("..", import.meta.url))
const packagesDirectory = dirname(cliDirectory)
const entryPoint = join(cliDirectory, "src", "bin.ts")
const formatVersion = 3
/** Packages with native addons stay outside the bundle, imported by absolute path. */
const nativePackages = /^(better-sqlite3|fsevents)$/
const nativeLookup = Symbol("native lookup")
const entryFile = "ze.cjs"
const workspaceSpecifier = /^@ze\/([a-z][a-z0-9-]*)(?:\/([A-Za-z0-9/_-]+))?$/
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
const workspaceSource = new RegExp(`^${escapeRegExp(packagesDirectory)}[\\\\/][^\\\\/]+[\\\\/]src[\\\\/].*\\.ts$`)

const cacheDirectories = () =>
  [
    process.env.ZE_CLI_CACHE_DIR,
    join(cliDirectory, ".cache"),
    join(tmpdir(), `ze-cli-${createHash("sha256").update(cliDirectory).digest("hex").slice(0, 12)}`)
  ].filter((directory) => directory !== undefined && directory !== "")

/** A new Node version or a change to this file invalidates every bundle. */
const stamp = () => `${formatVersion}:${process.version}:${statSync(fileURLToPath(import.meta.url)).mtimeMs}`

/** The entry file of the directory's bundle when it is up to date, else undefined. */
export const freshEntry = (directory) => {
  try {
    const manifest = JSON.parse(readFileSync(join(directory, "manifest.json"), "utf8"))
    if (manifest.stamp !== stamp()) return undefined
    const entry = join(directory, manifest.build, entryFile)
    statSync(entry)
    return Object.entries(manifest.inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime)
      ? entry
      : undefined
  } catch {
    return undefined
  }
}

/**
 * A process started from an older build may still import its chunks on demand, so a build is removed only a day
 * after it was replaced (`retire` dates it then). Another start may be pruning the same folder: what is already gone
 * is skipped, and no failure here fails a start.
 */
const pruneBuilds = (directory, current) => {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000
  for (const name of readdirSync(directory)) {
    const path = join(directory, name)
    const stale = name.startsWith("staging-") || name.startsWith("manifest-") ||
      (name.startsWith("build-") && name !== current)
    try {
      if (name === "ze.mjs" || name === "ze.mjs.map") rmSync(path, { force: true }) // the first format
      else if (stale && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true })
    } catch {
      // removed by another start meanwhile, or not ours to remove: left for the next build
    }
  }
}

/** Dates the build the manifest names as replaced now: the day `pruneBuilds` waits starts here. */
const retire = (directory) => {
  try {
    const { build } = JSON.parse(readFileSync(join(directory, "manifest.json"), "utf8"))
    if (typeof build === "string" && build.startsWith("build-")) {
      const now = new Date()
      utimesSync(join(directory, build), now, now)
    }
  } catch {
    // no previous build, or already gone
  }
}

const workspacePlugin = {
  name: "ze-workspace",
  setup(build) {
    build.onResolve({ filter: workspaceSpecifier }, ({ path }) => {
      const [, name, entry = "index"] = workspaceSpecifier.exec(path)
      return { path: join(packagesDirectory, name, "src", `${entry}.ts`) }
    })
    build.onResolve({ filter: nativePackages }, async ({ path, resolveDir, kind, pluginData }) => {
      if (pluginData === nativeLookup) return undefined
      const resolved = await build.resolve(path, { resolveDir, kind, pluginData: nativeLookup })
      return { path: resolved.path, external: true }
    })
    build.onLoad({ filter: workspaceSource }, ({ path }) => ({
      contents: readFileSync(path, "utf8")
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href))
        .replaceAll("import.meta.filename", JSON.stringify(path))
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(path))),
      loader: "ts"
    }))
  }
}

const installedPackage = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/

/**
 * The file whose mtime stands for an input: a workspace source itself; for a file of an installed package, the
 * package's package.json (an install or upgrade writes it, pnpm into a folder named after the version): a start
 * checks some fifty files instead of some two thousand. A dependency edited in place is not seen.
 */
const watchedFile = (file) => {
  const pkg = installedPackage.exec(file)?.[1]
  return pkg === undefined ? file : join(pkg, "package.json")
}

export const bundleInto = async (directory) => {
  const { build } = await import("esbuild")
  const suffix = `${process.pid}-${Date.now()}`
  const staging = join(directory, `staging-${suffix}`)
  mkdirSync(staging, { recursive: true })
  try {
    const result = await build({
      absWorkingDir: cliDirectory,
      entryPoints: { ze: entryPoint },
      outdir: staging,
      outExtension: { ".js": ".cjs" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      logLevel: "error",
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      // Strict, as the ES modules it is bundled from.
      banner: { js: "\"use strict\";" },
      plugins: [workspacePlugin]
    })
    const inputs = Object.fromEntries(
      [
        ...new Set(
          Object.keys(result.metafile.inputs)
            .filter((input) => !input.includes(":"))
            .map((input) => watchedFile(resolve(cliDirectory, input)))
        )
      ].map((file) => [file, statSync(file).mtimeMs])
    )
    // The finished build is moved in whole, then the manifest names it: a start never sees half of a build.
    const buildName = `build-${suffix}`
    renameSync(staging, join(directory, buildName))
    const manifest = join(directory, `manifest-${suffix}.json`)
    writeFileSync(manifest, JSON.stringify({ stamp: stamp(), build: buildName, inputs }))
    retire(directory)
    renameSync(manifest, join(directory, "manifest.json"))
    pruneBuilds(directory, buildName)
    return join(directory, buildName, entryFile)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** The path of an up-to-date bundle, building it first when needed. */
export const bundledEntry = async () => {
  const directories = cacheDirectories()
  for (const directory of directories) {
    const entry = freshEntry(directory)
    if (entry !== undefined) return entry
  }
  let lastError
  for (const directory of directories) {
    try {
      return await bundleInto(directory)
    } catch (error) {
      lastError = error
      if (error?.code !== "EACCES" && error?.code !== "EROFS" && error?.code !== "EPERM") break
    }
  }
  throw lastError
}

/**
 * V8's code cache of the script, or undefined when there is none yet or it cannot be read: either way the start
 * compiles the script itself and writes a new cache (no failure here fails a start).
 */
const readCodeCache = (file) => {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

/**
 * Runs the bundle as Node runs a CommonJS module, but compiled with V8's code cache of it when there is one. Without
 * one (the build's first start), or when V8 refuses it (its flags changed), the start writes it once the script has
 * been evaluated: it then holds every function the start compiled. Node maps stack traces of required modules only,
 * so with source maps on (`NODE_OPTIONS=--enable-source-maps`) the bundle is required, without a cache.
 */
export const runBundle = (entry) => {
  if (process.sourceMapsEnabled) return createRequire(import.meta.url)(entry)
  const cacheFile = `${entry}.v8cache`
  const cachedData = readCodeCache(cacheFile)
  const source = readFileSync(entry, "utf8")
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: entry,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER
  })
  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, createRequire(entry), module, entry, dirname(entry))
  if (cachedData === undefined || script.cachedDataRejected === true) {
    const staging = `${cacheFile}.${process.pid}`
    try {
      writeFileSync(staging, script.createCachedData())
      renameSync(staging, cacheFile)
    } catch {
      // a read-only cache folder: every start compiles the script, as without a cache
      rmSync(staging, { force: true })
    }
  }
}
