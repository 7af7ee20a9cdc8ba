#!/usr/bin/env node
// `pnpm dev:worker`: builds the dashboard if needed, applies the D1 migrations to the local database, then serves
// the Worker (and the dashboard, as static assets) on 127.0.0.1:8787 in local development mode (writes accept
// `dev-local-key` unless ZE_API_KEY is set).
import { ensureDashboardFolder } from "./build-dashboard.mjs"
import { wrangler } from "./wrangler-env.mjs"

await ensureDashboardFolder()

const port = process.env.ZE_PORT ?? "8787"
const migrated = await wrangler(["d1", "migrations", "apply", "DB", "--local"])
if (migrated !== 0) process.exit(migrated)
const vars = ["--var", "ZE_ENV:development"]
if (process.env.ZE_API_KEY) vars.push("--var", `ZE_API_KEY:${process.env.ZE_API_KEY}`)
process.exit(
  await wrangler(["dev", "--ip", "127.0.0.1", "--port", port, "--show-interactive-dev-session=false", ...vars])
)
