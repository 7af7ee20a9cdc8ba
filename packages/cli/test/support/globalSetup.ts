import { execFileSync } from "node:child_process"
import { fileURLToPath, pathToFileURL } from "node:url"
import { zeBin } from "./Ze.js"

const dashboardBuilder = fileURLToPath(new URL("../../../../scripts/build-dashboard.mjs", import.meta.url))

/**
 * Bundles the sources once before the test files start `ze` in parallel, and builds the dashboard if it is stale,
 * so that no `ze serve` of a test spends its start-up deadline on a vite build.
 */
export default async function setup() {
  execFileSync(process.execPath, [zeBin, "--version"], { stdio: "ignore" })
  const { ensureDashboard } = await import(pathToFileURL(dashboardBuilder).href)
  await ensureDashboard()
}
