import type { ChildProcess } from "node:child_process"
import { execFile, spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { promisify } from "node:util"
import type { Browser, Page } from "playwright-core"
import { chromium } from "playwright-core"

export const root = fileURLToPath(new URL("../../../../", import.meta.url))
const zeBin = join(root, "packages", "cli", "bin", "ze.js")
export const chromiumPath = process.env.ZE_CHROMIUM ?? "/usr/bin/chromium"
export const screenshotDirectory = join(root, "packages", "web", "test-results", "screens")

/** Without Chromium the browser tests are skipped here, but never in CI, whose `.ci/run` installs it. */
export const browserMissing = !existsSync(chromiumPath)
if (browserMissing && process.env.CI === "true") {
  throw new Error(`Chromium is missing at ${chromiumPath}: .ci/run installs it`)
}
if (browserMissing) {
  console.warn(`Skipping the dashboard's browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium)`)
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(
        () => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")))
      )
    })
  })

export const tempDirectory = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

const env = {
  ...process.env,
  NO_COLOR: "1",
  ZE_SPOOL_DIR: "",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false"
}

/** Runs `ze` to completion, as a user would from the repository root. */
export const ze = (args: ReadonlyArray<string>) =>
  promisify(execFile)(process.execPath, [zeBin, ...args], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 })

export const ensureDashboard = async () => {
  const builder = await import(pathToFileURL(join(root, "scripts", "build-dashboard.mjs")).href) as {
    ensureDashboard: (options?: { log?: (line: string) => void }) => Promise<string>
  }
  await builder.ensureDashboard({ log: () => {} })
}

export const waitForHealth = async (baseUrl: string, deadlineMs = 60_000) => {
  const until = Date.now() + deadlineMs
  while (Date.now() < until) {
    const ok = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${baseUrl}/health did not answer within ${deadlineMs} ms`)
}

const servers = new Set<ChildProcess>()

/** `ze serve` over a database file on a loopback port; `stopServers` ends any a failed test left behind. */
export const serve = async (db: string, port: number): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [zeBin, "serve", "--db", db, "--port", String(port)], {
    cwd: root,
    env,
    stdio: "ignore"
  })
  servers.add(child)
  child.once("exit", () => servers.delete(child))
  await waitForHealth(`http://127.0.0.1:${port}`)
  return child
}

export const stopServers = () => Promise.all([...servers].map((child) => stop(child)))

export const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref()
  })

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })

/** A page that records console errors, failed page scripts and every API request it makes. */
export const watch = (page: Page) => {
  const errors: Array<string> = []
  const api: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text())
  })
  page.on("pageerror", (error) => errors.push(error.message))
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith("/api/") || path === "/health") {
      api.push(`${request.method()} ${path}${new URL(request.url()).search}`)
    }
  })
  return { errors, api }
}

export const screenshot = async (page: Page, name: string) => {
  mkdirSync(screenshotDirectory, { recursive: true })
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`), fullPage: true })
}

const wranglerBin = join(root, "node_modules", ".bin", "wrangler")
const wranglerEnv = { ...env, CI: "true" }

export interface WranglerDev {
  readonly baseUrl: string
  /** Stops wrangler and its workerd (the whole process group), then removes the local D1. Safe to call twice. */
  readonly stop: () => Promise<void>
}

/**
 * `wrangler dev` on a free loopback port over a fresh local D1 (migrated with `wrangler d1 migrations apply` first), as a
 * development Worker (`ZE_ENV=development`: writes take `dev-local-key`). The assets are the `[assets]` folder of
 * wrangler.toml, so build the dashboard before. Ready when `/health` answers.
 */
export const wranglerDev = async (deadlineMs = 90_000): Promise<WranglerDev> => {
  const persist = tempDirectory("ze-d1-")
  const removePersist = () => rmSync(persist, { recursive: true, force: true })
  try {
    await promisify(execFile)(wranglerBin, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], {
      cwd: root,
      env: wranglerEnv,
      timeout: 60_000
    })
  } catch (error) {
    removePersist()
    throw error
  }
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
    "--var",
    "ZE_ENV:development"
  ], { cwd: root, env: wranglerEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout.on("data", (chunk) => (output += chunk))
  child.stderr.on("data", (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name)
    } catch {
      // the group is gone already
    }
  }
  const groupAlive = () => {
    try {
      return child.pid !== undefined && process.kill(-child.pid, 0)
    } catch {
      return false
    }
  }
  let stopped: Promise<void> | undefined
  const stop = () => (stopped ??= (async () => {
    signal("SIGTERM")
    const gone = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))
    ])
    // workerd may outlive wrangler: whatever is left of the group is killed.
    signal("SIGKILL")
    if (!gone) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))])
    // Until the group is empty (its last workerd reaped), for at most 5 s.
    for (let tries = 0; tries < 50 && groupAlive(); tries++) await new Promise((resolve) => setTimeout(resolve, 100))
    removePersist()
  })())
  const baseUrl = `http://127.0.0.1:${port}`
  const until = Date.now() + deadlineMs
  while (Date.now() < until && child.exitCode === null && child.signalCode === null) {
    if (await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)) return { baseUrl, stop }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await stop()
  throw new Error(`wrangler dev did not become healthy at ${baseUrl} within ${deadlineMs} ms:\n${output}`)
}
