import { FetchHttpClient, HttpApiBuilder } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { inProcessHttpClient } from "@ze/client"
import { Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { spawn } from "node:child_process"
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { AppLive } from "../../src/App.js"
import { NodeServerLive } from "../../src/node.js"
import { ServerConfig } from "../../src/ServerConfig.js"
import { SqliteStorage } from "../../src/Sqlite.js"
import type { Target } from "./Target.js"
import { contractSettings, failureTriggerSql } from "./Target.js"

const settings = {
  writeKey: Option.some(Redacted.make(contractSettings.writeKey)),
  corsOrigins: [contractSettings.corsOrigin],
  maxBodyBytes: contractSettings.maxBodyBytes,
  maxArtifactBytes: contractSettings.maxArtifactBytes
}

const contractConfig = (storage: Target["storage"]) => ServerConfig.make({ storage, ...settings })

const runSql = (statement: string) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement))

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

const overHttp = (
  baseUrl: string,
  close: () => Promise<void>,
  storage: Target["storage"],
  databaseFile?: string
): Target => ({
  storage,
  databaseFile,
  baseUrl,
  fetch: (path, init) => fetch(`${baseUrl}${path}`, init),
  httpClient: FetchHttpClient.layer,
  close
})

/** (a) The in-process web handler over in-memory SQLite. */
export const inProcessTarget = async (): Promise<Target> => {
  const storage = SqliteStorage(":memory:")
  const withTrigger = Layer.effectDiscard(runSql(failureTriggerSql)).pipe(Layer.provide(storage))
  const { dispose, handler } = HttpApiBuilder.toWebHandler(
    AppLive.pipe(
      Layer.provide(Layer.merge(storage, withTrigger)),
      Layer.provide(contractConfig("memory"))
    )
  )
  const baseUrl = "http://ze.in-process"
  return {
    storage: "memory",
    databaseFile: undefined,
    baseUrl,
    fetch: (path, init) => handler(new Request(`${baseUrl}${path}`, init)),
    httpClient: inProcessHttpClient(handler),
    close: dispose
  }
}

/** (b) The Node HTTP server on a loopback port over a SQLite file (the contract's settings unless given others). */
export const nodeTarget = async (
  config: Layer.Layer<ServerConfig, unknown> = contractConfig("sqlite")
): Promise<Target> => {
  const directory = mkdtempSync(join(tmpdir(), "ze-node-"))
  const filename = join(directory, "ze.db")
  const port = await freePort()
  const runtime = ManagedRuntime.make(
    NodeServerLive({ port, host: "127.0.0.1", filename }).pipe(
      Layer.provide(config)
    )
  )
  await runtime.runPromise(Effect.void)
  await Effect.runPromise(runSql(failureTriggerSql).pipe(Effect.provide(SqliteClient.layer({ filename }))))
  return overHttp(
    `http://127.0.0.1:${port}`,
    async () => {
      await runtime.dispose()
      rmSync(directory, { recursive: true, force: true })
    },
    "sqlite",
    filename
  )
}

const root = fileURLToPath(new URL("../../../../", import.meta.url))
const wranglerBin = join(root, "node_modules/.bin/wrangler")
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" }

const waitForHealth = async (baseUrl: string, deadline: number, output: () => string) => {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`wrangler dev did not become healthy at ${baseUrl}:\n${output()}`)
}

/** A local D1 folder migrated by `wrangler d1 migrations apply`, with the contract's failure trigger. */
export const migratedD1 = async () => {
  const persist = mkdtempSync(join(tmpdir(), "ze-d1-"))
  const run = promisify(execFile)
  const d1 = ["DB", "--local", "--persist-to", persist]
  await run(wranglerBin, ["d1", "migrations", "apply", ...d1], { cwd: root, env: wranglerEnv })
  await run(wranglerBin, ["d1", "execute", ...d1, "--command", failureTriggerSql.replace(/\n/g, " ")], {
    cwd: root,
    env: wranglerEnv
  })
  return persist
}

/** The SQLite file miniflare keeps a local D1 in: read (read-only) to digest every table. */
export const d1File = (persist: string) => {
  const folder = join(persist, "v3", "d1", "miniflare-D1DatabaseObject")
  const file = readdirSync(folder).find((name) => name.endsWith(".sqlite"))
  if (file === undefined) throw new Error(`no D1 database in ${folder}`)
  return join(folder, file)
}

/** The settings of the contract as Worker vars (secrets are vars in `wrangler dev`). */
export const contractVars: Readonly<Record<string, string>> = {
  API_SECRET_KEY: contractSettings.writeKey,
  ZE_CORS_ORIGINS: contractSettings.corsOrigin,
  ZE_MAX_BODY_BYTES: String(contractSettings.maxBodyBytes),
  ZE_MAX_ARTIFACT_BYTES: String(contractSettings.maxArtifactBytes)
}

/** `wrangler dev` over a D1 folder on a port; `kill` ends it (SIGKILL for an outage) and keeps the folder. */
export const startWrangler = async (options: {
  readonly persist: string
  readonly port: number
  readonly vars: Readonly<Record<string, string>>
}) => {
  const inspector = await freePort()
  const child = spawn(wranglerBin, [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--inspector-port",
    String(inspector),
    "--persist-to",
    options.persist,
    "--show-interactive-dev-session=false",
    ...Object.entries(options.vars).flatMap(([name, value]) => ["--var", `${name}:${value}`])
  ], { cwd: root, env: wranglerEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout.on("data", (chunk) => (output += chunk))
  child.stderr.on("data", (chunk) => (output += chunk))
  const baseUrl = `http://127.0.0.1:${options.port}`
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(-child.pid, signal)
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
  }
  try {
    await waitForHealth(baseUrl, Date.now() + 90_000, () => output)
  } catch (error) {
    await kill("SIGKILL")
    throw error
  }
  return { baseUrl, kill, output: () => output }
}

/** (c) The Worker inside workerd (`wrangler dev`) with a local D1 migrated by `wrangler d1 migrations apply`. */
export const workerTarget = async (vars: Readonly<Record<string, string>> = contractVars): Promise<Target> => {
  const persist = await migratedD1()
  const worker = await startWrangler({ persist, port: await freePort(), vars })
  return overHttp(
    worker.baseUrl,
    async () => {
      await worker.kill()
      rmSync(persist, { recursive: true, force: true })
    },
    "d1",
    d1File(persist)
  )
}
