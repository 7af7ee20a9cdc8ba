#!/usr/bin/env node
// `pnpm dev`: the Worker on 127.0.0.1:8787 (scripts/dev-worker.mjs) and the dashboard's Vite dev server on
// 127.0.0.1:5173 (it proxies /api, /health and /docs to the Worker, ZE_SERVER_URL). Output is prefixed per process;
// Ctrl-C, or either process ending, stops both.
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { root } from "./wrangler-env.mjs"

const web = join(root, "packages", "web")
const vite = join(web, "node_modules", ".bin", "vite")
if (!existsSync(vite)) {
  console.error(`${vite} is missing: run pnpm install.`)
  process.exit(1)
}

const colour = process.stdout.isTTY && !process.env.NO_COLOR
const label = (name, code) => (colour ? `\x1b[${code}m[${name}]\x1b[0m ` : `[${name}] `)

const prefixed = (stream, prefix, target) => {
  let pending = ""
  stream.on("data", (chunk) => {
    const lines = (pending + chunk).split("\n")
    pending = lines.pop()
    for (const line of lines) target.write(`${prefix}${line}\n`)
  })
  stream.on("end", () => pending && target.write(`${prefix}${pending}\n`))
}

const children = []

/** Each child leads its own process group, so stopping it also stops what it started (wrangler → workerd). */
const start = (name, code, command, args, options) => {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  prefixed(child.stdout, label(name, code), process.stdout)
  prefixed(child.stderr, label(name, code), process.stderr)
  const exited = new Promise((resolve) => {
    child.once("exit", (status, signal) => resolve({ name, status: status ?? (signal ? 1 : 0) }))
    child.once("error", (error) => {
      process.stderr.write(`${label(name, code)}${error.message}\n`)
      resolve({ name, status: 1 })
    })
  })
  children.push({ child, exited })
  return exited
}

const signalGroup = (child, signal) => {
  try {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, signal)
    }
  } catch {
    // already gone
  }
}

let stopping
const stopAll = (status) => {
  stopping ??= (async () => {
    for (const { child } of children) signalGroup(child, "SIGTERM")
    const killer = setTimeout(() => children.forEach(({ child }) => signalGroup(child, "SIGKILL")), 5000)
    await Promise.all(children.map(({ exited }) => exited))
    clearTimeout(killer)
    process.exit(status)
  })()
  return stopping
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopAll(130))

const first = await Promise.race([
  start("worker", 33, process.execPath, [join(root, "scripts", "dev-worker.mjs")], { cwd: root }),
  start("web", 36, vite, [], {
    cwd: web,
    env: {
      ...process.env,
      ZE_SERVER_URL: process.env.ZE_SERVER_URL ?? `http://127.0.0.1:${process.env.ZE_PORT ?? "8787"}`
    }
  })
])
if (stopping === undefined) process.stderr.write(`${first.name} exited (${first.status}); stopping the other.\n`)
await stopAll(first.status)
