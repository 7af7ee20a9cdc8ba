#!/usr/bin/env node
// Builds the dashboard (packages/web → packages/web/dist/app) when its build is missing or older than its sources.
// Used by `ze serve`, `pnpm dev:worker` and `pnpm worker:check` (wrangler refuses a missing assets folder), and runnable
// on its own: `node scripts/build-dashboard.mjs [--force]`.
import { spawn } from "node:child_process"
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync
} from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))

/** The paths of a web package: its sources, its vite and its build folder. */
export const webLayout = (webDirectory = join(root, "packages", "web")) => ({
  webDirectory,
  outDirectory: join(webDirectory, "dist", "app"),
  vite: join(webDirectory, "node_modules", ".bin", "vite"),
  /** The bundle embeds the domain and client sources too (their package.json says what may be dropped). */
  inputs: [
    ...["src", "public", "index.html", "vite.config.ts", "package.json"].map((name) => join(webDirectory, name)),
    ...["domain", "client"].flatMap((name) =>
      ["src", "package.json"].map((part) => join(dirname(webDirectory), name, part))
    )
  ]
})

const newestMtime = (path) => {
  let info
  try {
    info = statSync(path)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  return readdirSync(path)
    .filter((name) => name !== "node_modules" && !name.startsWith("."))
    .reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs)
}

/** Why the build must be made again, or `undefined` when it is up to date. */
export const staleness = (layout = webLayout()) => {
  const index = join(layout.outDirectory, "index.html")
  if (!existsSync(index)) return "missing"
  return statSync(index).mtimeMs < Math.max(...layout.inputs.map(newestMtime)) ? "older than its sources" : undefined
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const isAlive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === "EPERM"
  }
}

/** One build at a time per folder (test runs start several `ze serve` at once); a dead holder's lock is taken over. */
const withLock = async (lockFile, whileWaiting, action) => {
  mkdirSync(dirname(lockFile), { recursive: true })
  for (let waited = false;;) {
    let fd
    try {
      fd = openSync(lockFile, "wx")
    } catch (error) {
      if (error.code !== "EEXIST") throw error
      const holder = Number(readFileSync(lockFile, "utf8"))
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        rmSync(lockFile, { force: true })
        continue
      }
      if (!waited) whileWaiting()
      waited = true
      await sleep(200)
      continue
    }
    writeSync(fd, String(process.pid))
    closeSync(fd)
    try {
      return await action(waited)
    } finally {
      rmSync(lockFile, { force: true })
    }
  }
}

const runVite = (layout, outDirectory) =>
  new Promise((resolve) => {
    const child = spawn(layout.vite, ["build", "--outDir", outDirectory, "--emptyOutDir", "--logLevel", "warn"], {
      cwd: layout.webDirectory,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("error", (error) => resolve({ ok: false, output: String(error.message) }))
    child.on("exit", (code, signal) =>
      resolve({ ok: code === 0, output: output || `vite exited with ${code ?? signal}` }))
  })

const filesUnder = (directory) =>
  readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))

/**
 * Moves a finished build into place file by file, index.html last, then drops what the new build no longer has:
 * a running server or `wrangler dev` (which watches the folder) never sees it missing.
 */
const install = (staging, outDirectory, builtAt) => {
  mkdirSync(outDirectory, { recursive: true })
  const files = filesUnder(staging).sort((a, b) => (a === "index.html") - (b === "index.html"))
  for (const file of files) {
    mkdirSync(dirname(join(outDirectory, file)), { recursive: true })
    try {
      renameSync(join(staging, file), join(outDirectory, file))
    } catch {
      cpSync(join(staging, file), join(outDirectory, file))
    }
  }
  const kept = new Set(files)
  for (const file of filesUnder(outDirectory)) if (!kept.has(file)) unlinkSync(join(outDirectory, file))
  // A source saved while vite ran is newer than this, so the next check builds again.
  utimesSync(join(outDirectory, "index.html"), builtAt / 1000, builtAt / 1000)
}

/**
 * Builds the dashboard if it is missing or stale (or `force`). Resolves with `"fresh"`, `"built"`, `"no-sources"`
 * (no web app in this checkout) or `"failed"` (the reason already logged): callers carry on either way.
 */
export const ensureDashboard = async (
  { layout = webLayout(), log = (line) => console.error(line), force = false } = {}
) => {
  if (!existsSync(join(layout.webDirectory, "index.html"))) return "no-sources"
  if (!force && staleness(layout) === undefined) return "fresh"
  if (!existsSync(layout.vite)) {
    log(`The dashboard is not built and ${relative(root, layout.vite)} is missing: run pnpm install.`)
    return "failed"
  }
  const dist = dirname(layout.outDirectory)
  return withLock(join(dist, ".build.lock"), () => log("Waiting for another dashboard build…"), async (waited) => {
    if (waited && !force && staleness(layout) === undefined) return "fresh"
    log("Building the dashboard…")
    const builtAt = Date.now()
    const staging = join(dist, `.build-${process.pid}`)
    try {
      const result = await runVite(layout, staging)
      if (!result.ok || !existsSync(join(staging, "index.html"))) {
        log(`The dashboard build failed (pnpm --filter @ze/web build to retry):\n${result.output.trim()}`)
        return "failed"
      }
      install(staging, layout.outDirectory, builtAt)
      return "built"
    } finally {
      rmSync(staging, { recursive: true, force: true })
    }
  })
}

/** For wrangler: the assets folder must exist even when there is nothing (or nothing good) to put in it. */
export const ensureDashboardFolder = async (options) => {
  const status = await ensureDashboard(options)
  mkdirSync((options?.layout ?? webLayout()).outDirectory, { recursive: true })
  return status
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const status = await ensureDashboard({ force: process.argv.includes("--force") })
  if (status === "fresh") console.error("The dashboard build is up to date.")
  process.exit(status === "failed" ? 1 : 0)
}
