// Bundles src/bin.ts with the workspace sources it imports into one cached file. Node then loads a single
// module instead of resolving thousands, which takes `ze` from about 2 s to a few hundred ms per start.
// The bundle is rebuilt when any of its inputs changes (mtime) or when Node's version changes.
import { createHash } from "node:crypto"
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const cliDirectory = fileURLToPath(new URL("..", import.meta.url))
const packagesDirectory = dirname(cliDirectory)
const entryPoint = join(cliDirectory, "src", "bin.ts")
const formatVersion = 1
/** Bundled CommonJS dependencies call `require` for Node built-ins. */
const requireShim =
  "import { createRequire as __zeCreateRequire } from 'node:module'; const require = __zeCreateRequire(import.meta.url);"

/** Packages with native addons stay outside the bundle, imported by absolute path. */
const nativePackages = /^(better-sqlite3|fsevents)$/
const nativeLookup = Symbol("native lookup")
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

const isFresh = (manifestFile) => {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"))
    if (manifest.stamp !== stamp()) return false
    return Object.entries(manifest.inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime)
  } catch {
    return false
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
      return { path: pathToFileURL(resolved.path).href, external: true }
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

const bundleInto = async (directory) => {
  const { build } = await import("esbuild")
  const suffix = `${process.pid}-${Date.now()}`
  const staging = join(directory, `staging-${suffix}`)
  mkdirSync(staging, { recursive: true })
  try {
    const result = await build({
      absWorkingDir: cliDirectory,
      entryPoints: [entryPoint],
      outfile: join(staging, "ze.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      logLevel: "error",
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      banner: { js: requireShim },
      plugins: [workspacePlugin]
    })
    const inputs = Object.fromEntries(
      Object.keys(result.metafile.inputs)
        .filter((input) => !input.includes(":"))
        .map((input) => resolve(cliDirectory, input))
        .map((file) => [file, statSync(file).mtimeMs])
    )
    writeFileSync(join(staging, "manifest.json"), JSON.stringify({ stamp: stamp(), inputs }))
    for (const file of ["ze.mjs.map", "ze.mjs", "manifest.json"]) renameSync(join(staging, file), join(directory, file))
    return join(directory, "ze.mjs")
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** The path of an up-to-date bundle, building it first when needed. */
export const bundledEntry = async () => {
  const directories = cacheDirectories()
  for (const directory of directories) {
    if (isFresh(join(directory, "manifest.json"))) return join(directory, "ze.mjs")
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
