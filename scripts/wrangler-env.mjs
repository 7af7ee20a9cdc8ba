import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/** Repository root and the wrangler binary it pins. */
export const root = fileURLToPath(new URL("..", import.meta.url))
export const wranglerBin = `${root}node_modules/.bin/wrangler`

/** Only loopback connections: no metrics, no request.cf lookups. */
export const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1"
}

/** Runs wrangler with the given arguments, inheriting stdio; resolves with its exit code. */
export const wrangler = (args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(wranglerBin, args, { cwd: root, env: wranglerEnv, stdio: "inherit", ...options })
    child.on("error", reject)
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
