import { execFile, spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The real launcher, as `ze` runs it: no build step, sources bundled on first use. */
export const zeBin = fileURLToPath(new URL("../../bin/ze.js", import.meta.url))

export interface ZeResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment without any ze setting of the machine running the tests, and without colours. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(ZE_|API_SECRET_KEY|FORCE_COLOR)/.test(name)) env[name] = value
  }
  return { ...env, NO_COLOR: "1", ...extra }
}

export const ze = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Record<string, string> }
) =>
  new Promise<ZeResult>((resolve) => {
    execFile(
      process.execPath,
      [zeBin, ...args],
      { cwd: options.cwd, env: cleanEnv(options.env), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
        resolve({ code, stdout, stderr })
      }
    )
  })

/** Starts `ze` without waiting for it to end (for `ze serve`). */
export const spawnZe = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Record<string, string> }
) => {
  const child = spawn(process.execPath, [zeBin, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout.on("data", (chunk) => (output += chunk))
  child.stderr.on("data", (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** SIGTERM, then SIGKILL if the process is still there after five seconds. */
export const stop = async (child: ChildProcess, exited: Promise<number | null>) => {
  if (child.exitCode !== null || child.signalCode !== null) return exited
  child.kill("SIGTERM")
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000)
  return exited.finally(() => clearTimeout(timer))
}

export const tempDirectory = (prefix = "ze-cli-") => {
  const directory = mkdtempSync(join(tmpdir(), prefix))
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) }
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(
        () => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port")))
      )
    })
  })

export const waitForHealth = async (
  baseUrl: string,
  server: { readonly child: ChildProcess; readonly output: () => string },
  deadline = Date.now() + 30_000
) => {
  while (Date.now() < deadline && server.child.exitCode === null) {
    try {
      if ((await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(
    `ze serve did not become healthy at ${baseUrl} (exit code ${server.child.exitCode}):\n${server.output()}`
  )
}
