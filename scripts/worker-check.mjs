#!/usr/bin/env node
// `pnpm worker:check`: proves the Worker bundles for deployment (`wrangler deploy --dry-run`, with the dashboard
// built first as its static assets) and reports its size.
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { ensureDashboardFolder, webLayout } from "./build-dashboard.mjs"
import { wrangler } from "./wrangler-env.mjs"

if ((await ensureDashboardFolder()) === "failed") process.exit(1)
const outdir = mkdtempSync(join(tmpdir(), "ze-worker-"))
const code = await wrangler(["deploy", "--dry-run", "--outdir", outdir])
if (code !== 0) process.exit(code)
const bundle = readdirSync(outdir).find((file) => file.endsWith(".js"))
if (!bundle) {
  console.error(`No bundle in ${outdir}`)
  process.exit(1)
}
const path = join(outdir, bundle)
const gzip = gzipSync(readFileSync(path), { level: 9 }).length
console.log(
  `Worker bundle: ${(statSync(path).size / 1024).toFixed(1)} KiB, ${
    (gzip / 1024).toFixed(1)
  } KiB gzip (free-plan limit 3072 KiB)`
)

const { outDirectory } = webLayout()
const assets = readdirSync(outDirectory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
const assetBytes = assets.reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0)
console.log(`Dashboard assets: ${assets.length} files, ${(assetBytes / 1024).toFixed(1)} KiB (${outDirectory})`)
