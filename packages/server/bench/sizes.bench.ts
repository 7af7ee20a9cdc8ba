/**
 * Sizes: the Worker bundle (`wrangler deploy --dry-run`, gzip level 9 as scripts/worker-check.mjs) and its cold start
 * under `wrangler dev` (spawn to the first 200 from /health) beside the parse-only Worker's, and the dashboard's first
 * load and largest chunk.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"
import { beforeAll, bench, describe } from "vitest"
import { measureSizes } from "./support/DashboardSizes.js"
import {
  applyMigrations,
  benchEnv,
  remove,
  root,
  run,
  tempDirectory,
  wranglerBin,
  wranglerDev
} from "./support/Processes.js"
import { kib, machine, median, ms, publish, ratio, smoke, table, verdict } from "./support/Report.js"
import { floorWorkerConfig } from "./support/Targets.js"

const coldStarts = smoke ? 1 : 3
const bundleLimit = 3 * 1024 * 1024
const firstLoadGoal = 120 * 1024

const bundle = async (config?: string) => {
  const outdir = tempDirectory("ze-bench-bundle-")
  try {
    await run(wranglerBin, ["deploy", "--dry-run", "--outdir", outdir, ...(config ? ["-c", config] : [])], {
      cwd: root,
      env: benchEnv,
      timeout: 120_000
    })
    const file = readdirSync(outdir).find((name) => name.endsWith(".js"))
    if (!file) throw new Error(`wrangler deploy --dry-run wrote no bundle into ${outdir}`)
    const path = join(outdir, file)
    return { raw: statSync(path).size, gzip: gzipSync(readFileSync(path), { level: 9 }).length }
  } finally {
    remove(outdir)
  }
}

const coldStart = async (persist: string, config?: string) => {
  const service = await wranglerDev(config ? { persist, config } : { persist })
  await service.stop()
  return service.readyMs
}

beforeAll(async () => {
  const builder = await import(pathToFileURL(join(root, "scripts", "build-dashboard.mjs")).href) as {
    ensureDashboard: (options?: { log?: (line: string) => void }) => Promise<string>
  }
  const status = await builder.ensureDashboard({ log: () => {} })
  if (status === "failed" || status === "no-sources") throw new Error(`the dashboard build is ${status}`)

  const trivial = floorWorkerConfig("parse-only.js", { withD1: false })
  const persist = tempDirectory("ze-bench-cold-")
  try {
    const [ze, floor] = [await bundle(), await bundle(trivial.config)]
    await applyMigrations(persist)
    const zeStarts: Array<number> = []
    const floorStarts: Array<number> = []
    // One start of each first, not counted: wrangler's own caches are warm for both.
    await coldStart(persist)
    await coldStart(join(trivial.directory, "state"), trivial.config)
    for (let i = 0; i < coldStarts; i++) {
      zeStarts.push(await coldStart(persist))
      floorStarts.push(await coldStart(join(trivial.directory, "state"), trivial.config))
    }
    const sizes = measureSizes()
    publish("sizes", [
      "### Sizes and cold start",
      "",
      machine(),
      "",
      table(["what", "ze", "floor: parse-only Worker", "ze / floor", "goal"], [
        ["Worker bundle KiB (minified)", kib(ze.raw), kib(floor.raw), ratio(ze.raw / floor.raw), ""],
        [
          "Worker bundle KiB gzip -9",
          kib(ze.gzip),
          kib(floor.gzip),
          ratio(ze.gzip / floor.gzip),
          `≤ 3072 KiB (free plan): ${verdict(ze.gzip <= bundleLimit)}`
        ],
        [
          `wrangler dev cold start ms (spawn → first /health 200, median of ${coldStarts})`,
          ms(median(zeStarts)),
          ms(median(floorStarts)),
          ratio(median(zeStarts) / median(floorStarts)),
          ""
        ],
        [
          "dashboard first load KiB gzip (entry + CSS + Overview)",
          kib(sizes.firstLoad.gzip),
          "",
          "",
          `≤ 120 KiB: ${verdict(sizes.firstLoad.gzip <= firstLoadGoal)}`
        ],
        [`dashboard largest chunk KiB gzip (${sizes.largest.name})`, kib(sizes.largest.gzip), "", "", ""],
        ["dashboard all assets KiB gzip", kib(sizes.all.gzip), "", "", ""]
      ]),
      "",
      `Cold starts, ms: ze ${zeStarts.map(ms).join(", ")}; parse-only Worker ${
        floorStarts.map(ms).join(", ")
      } (after one uncounted start of each).`
    ], [
      { goal: "Worker bundle ≤ 3 MiB gzip (free plan)", figure: `${kib(ze.gzip)} KiB`, pass: ze.gzip <= bundleLimit },
      {
        goal: "dashboard first load ≤ 120 KiB gzip",
        figure: `${kib(sizes.firstLoad.gzip)} KiB`,
        pass: sizes.firstLoad.gzip <= firstLoadGoal
      }
    ])
  } finally {
    remove(persist)
    remove(trivial.directory)
  }
}, 600_000)

// vitest needs a bench in the file; the figures are the table above.
describe("sizes", () => {
  bench("measure the dashboard build", () => {
    measureSizes()
  }, { iterations: 3, warmupIterations: 0, time: 0 })
})
