import type { ChildProcess } from "node:child_process"
import { execFile, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

export const root = fileURLToPath(new URL("../../../../", import.meta.url))
export const zeBin = join(root, "packages", "cli", "bin", "ze.js")
export const wranglerBin = join(root, "node_modules", ".bin", "wrangler")
export const floorsDirectory = fileURLToPath(new URL("../floors/", import.meta.url))

const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(name))
)

/**
 * What every child runs with: only loopback connections (no metrics, no request.cf lookups, no update checks), none of
 * vitest's variables (NODE_ENV=test changes how children build), and the built dashboard, so `ze serve` never rebuilds it.
 */
export const benchEnv: NodeJS.ProcessEnv = {
  ...inherited,
  ZE_DASHBOARD_DIR: join(root, "packages", "web", "dist", "app"),
  NO_COLOR: "1",
  CI: "true",
  ZE_SPOOL_DIR: "",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1"
}

export const run = promisify(execFile)

export const tempDirectory = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

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

export interface Service {
  readonly baseUrl: string
  /** Milliseconds from spawn to the first 200 from /health. */
  readonly readyMs: number
  /** Stops the whole process group (wrangler leaves workerd behind otherwise). Safe to call twice. */
  readonly stop: () => Promise<void>
  /** CPU time (user + system, ms) used so far by every process of the service's group (wrangler's workerd too). */
  readonly cpuMs: () => number
  /** The last 20,000 characters the service wrote to stdout and stderr. */
  readonly output: () => string
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100

/**
 * CPU time of a process group, summed over /proc/<pid>/stat: unlike throughput, it hardly moves when other work
 * shares the machine, so it compares servers fairly on a busy one. Linux only; 0 elsewhere.
 */
export const groupCpuMs = (group: number) => {
  if (!existsSync("/proc")) return 0
  let ticks = 0
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8")
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      // After the command name: state, ppid, pgrp, … utime is the 14th field of the line, stime the 15th.
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // the process ended while the table was read
    }
  }
  return (ticks * 1000) / ticksPerSecond
}

const groupAlive = (child: ChildProcess) => {
  try {
    return child.pid !== undefined && process.kill(-child.pid, 0)
  } catch {
    return false
  }
}

const signal = (child: ChildProcess, name: NodeJS.Signals) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, name)
  } catch {
    // the group is gone already
  }
}

/** Spawns a server in its own process group and waits for `GET /health` to answer 200. */
export const startService = async (
  command: string,
  args: ReadonlyArray<string>,
  options: {
    readonly port: number
    readonly cwd?: string
    readonly env?: NodeJS.ProcessEnv
    readonly deadlineMs?: number
  }
): Promise<Service> => {
  const started = performance.now()
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: options.env ?? benchEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)))
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)))
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  let stopped: Promise<void> | undefined
  const stop = () => (stopped ??= (async () => {
    signal(child, "SIGTERM")
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))])
    signal(child, "SIGKILL")
    for (let tries = 0; tries < 50 && groupAlive(child); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })())
  const baseUrl = `http://127.0.0.1:${options.port}`
  const until = Date.now() + (options.deadlineMs ?? 90_000)
  while (Date.now() < until && child.exitCode === null && child.signalCode === null) {
    const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) }).then(async (response) => {
      await response.arrayBuffer()
      return response.ok
    }, () => false)
    if (ok) {
      return {
        baseUrl,
        readyMs: performance.now() - started,
        stop,
        cpuMs: () => groupCpuMs(child.pid ?? -1),
        output: () => output
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  await stop()
  throw new Error(`${command} ${args.join(" ")} did not answer ${baseUrl}/health:\n${output}`)
}

/** `wrangler d1 migrations apply DB --local` into `persist` (the repository's config unless `config` names another). */
export const applyMigrations = async (persist: string, config?: string) => {
  await run(wranglerBin, [
    "d1",
    "migrations",
    "apply",
    "DB",
    "--local",
    "--persist-to",
    persist,
    ...(config ? ["-c", config] : [])
  ], {
    cwd: root,
    env: benchEnv,
    timeout: 120_000
  })
}

/** `wrangler dev` on a free loopback port; the repository's Worker in development mode unless `config` names another. */
export const wranglerDev = async (options: { readonly persist: string; readonly config?: string }) => {
  const [port, inspector] = [await freePort(), await freePort()]
  return startService(wranglerBin, [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspector),
    "--persist-to",
    options.persist,
    "--show-interactive-dev-session=false",
    ...(options.config ? ["-c", options.config] : ["--var", "ZE_ENV:development"])
  ], { port })
}

/** `ze serve` over a SQLite file on a free loopback port (no key configured: development, `dev-local-key`). */
export const zeServe = async (db: string) => {
  const port = await freePort()
  return startService(process.execPath, [zeBin, "serve", "--db", db, "--port", String(port)], {
    port,
    env: { ...benchEnv, ZE_ENV: "development" }
  })
}

/** The SQLite file miniflare keeps a local D1 in (`<persist>/v3/d1/miniflare-D1DatabaseObject/<hash>.sqlite`). */
export const d1File = (persist: string) => {
  const directory = join(persist, "v3", "d1", "miniflare-D1DatabaseObject")
  const files = existsSync(directory) ? readdirSync(directory).filter((file) => file.endsWith(".sqlite")) : []
  if (files.length !== 1) throw new Error(`expected one D1 sqlite file under ${directory}, found ${files.length}`)
  return join(directory, files[0]!)
}

export const remove = (path: string) => rmSync(path, { recursive: true, force: true })
