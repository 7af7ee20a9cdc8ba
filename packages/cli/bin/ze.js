#!/usr/bin/env node
// Runs `ze` from its TypeScript sources, so it works from a fresh clone without a build step.
// Source maps cost about 0.3 s per start: NODE_OPTIONS=--enable-source-maps turns them on for debugging.
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { bundledEntry, runBundle } from "./bundle.js"

// `ze serve` from a clone shows the dashboard even though nobody built it: build it first when missing or stale.
const args = process.argv.slice(2)
const serving = args.find((arg) => !arg.startsWith("-")) === "serve" &&
  !args.some((arg) => ["-h", "--help", "--wizard", "--completions", "--version"].includes(arg))
const dashboardBuilder = new URL("../../../scripts/build-dashboard.mjs", import.meta.url)
if (serving && !process.env.ZE_DASHBOARD_DIR && existsSync(fileURLToPath(dashboardBuilder))) {
  const { ensureDashboard } = await import(dashboardBuilder.href)
  await ensureDashboard().catch((error) =>
    process.stderr.write(`ze: cannot build the dashboard: ${error?.message ?? error}\n`)
  )
}

const entry = await bundledEntry().catch((error) => {
  process.stderr.write(`ze: cannot compile its sources (exit 70, internal error): ${error?.message ?? error}\n`)
  process.exit(70)
})
runBundle(entry)
