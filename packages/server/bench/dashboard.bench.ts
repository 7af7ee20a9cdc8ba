/**
 * What the dashboard costs a visitor: the bytes of its first load (gzip) against a 120 KiB goal, and the time of
 * each page's API requests over a store of 10,000 and one of 100,000 runs, measured in turn, against a 100 ms goal, beside `GET /health`
 * on the same handler. Tables go to stdout; nothing here fails on a missed goal (that is a measurement, not a test).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterAll, beforeAll, bench, describe } from "vitest"
import { makeInProcessHandler } from "../src/index.js"
import { measureSizes } from "./support/DashboardSizes.js"
import type { Goal } from "./support/Report.js"
import { kib, median, ms, publish, table, verdict } from "./support/Report.js"
import type { Seeded } from "./support/Store.js"
import { seed, storeShape } from "./support/Store.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

// ---------------------------------------------------------------------------------------------------------------
// 1. Sizes of the built dashboard

const firstLoadGoal = 120 * 1024

const sizeReport = (sizes: ReturnType<typeof measureSizes>) => {
  const row = (
    what: string,
    s: { files: number; raw: number; gzip: number }
  ) => [what, String(s.files), kib(s.raw), kib(s.gzip)]
  const pass = sizes.firstLoad.gzip <= firstLoadGoal
  return [
    "### Dashboard bundle (packages/web/dist/app, gzip level 6 per file)",
    "",
    table(["part", "files", "raw KiB", "gzip KiB"], [
      row("entry script + its static imports", sizes.entry),
      row("CSS linked by index.html", sizes.css),
      row("Overview chunk + its static imports (page /)", sizes.overview),
      row("first load (all of the above)", sizes.firstLoad),
      [`largest chunk: ${sizes.largest.name}`, "1", kib(sizes.largest.raw), kib(sizes.largest.gzip)],
      row("all assets", sizes.all)
    ]),
    "",
    `First load: ${sizes.firstLoadFiles.join(", ")} (≤ 120 KiB gzip: ${pass ? "PASS" : "FAIL"})`
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Each page's first view: its requests together, as the browser sends them

const pagesOf = (store: Seeded): ReadonlyArray<readonly [page: string, requests: ReadonlyArray<string>]> => [
  ["Overview", ["/api/dashboard/overview"]],
  ["Runs", ["/api/runs/facets", "/api/runs?limit=50"]],
  ["Runs, filtered (agent + status)", ["/api/runs/facets", `/api/runs?limit=50&agent=${store.agent}&status=failed`]],
  ["Runs, by score", ["/api/runs/facets", "/api/runs?limit=50&sort=score-desc"]],
  ["Run detail", [`/api/runs/${store.runWithArtifacts}`, `/api/runs/${store.runWithArtifacts}/artifacts`]],
  ["Batches", ["/api/batches?limit=50"]],
  ["Batch detail", [`/api/batches/${store.newestBatch}`]],
  ["Compare", ["/api/batches?limit=100", `/api/compare?base=${store.previousBatch}&head=${store.newestBatch}`]],
  ["Agents", ["/api/stats/agent-models", "/api/stats/agent-model-tiers"]],
  ["Suites", ["/api/stats/suites", "/api/stats/scenarios"]],
  ["Evaluators", ["/api/stats/evaluators"]],
  ["Costs", ["/api/stats/cost", "/api/stats/agent-models"]]
]
const baselinePage = "GET /health (baseline)"

type Handler = ReturnType<typeof makeInProcessHandler>

const get = async (handler: Handler["handler"], path: string) => {
  const started = performance.now()
  const response = await handler(new Request(`http://ze.local${path}`))
  const body = await response.arrayBuffer()
  if (response.status !== 200 || body.byteLength === 0) {
    throw new Error(`GET ${path}: ${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`)
  }
  return { path, ms: performance.now() - started, bytes: body.byteLength }
}

interface Timings {
  /** Per page: its requests sent together, until the last body is read. */
  readonly pages: Map<string, { readonly ms: number; readonly bytes: number }>
  /** Per distinct request, sent alone: which query a slow page waits on (they share one SQLite connection). */
  readonly requests: Map<string, number>
}

const rounds = 9
const requestRounds = 25

/**
 * One warm-up round, then `rounds` rounds; each round visits every page of one store and then of the other. Then
 * `requestRounds` rounds send each request alone to one store and then the other. The two stores take turns, so a slow moment of the
 * machine falls on both instead of on whichever was measured second. Medians.
 */
const timePages = async (
  stores: ReadonlyArray<{ readonly handler: Handler["handler"]; readonly seeded: Seeded }>
): Promise<ReadonlyArray<Timings>> => {
  const visits = stores.map(({ handler, seeded }) => {
    const all = [[baselinePage, ["/health"]] as const, ...pagesOf(seeded)]
    return {
      handler,
      all,
      distinct: [...new Set(all.flatMap(([, requests]) => requests))],
      pageSamples: new Map<string, Array<number>>(),
      requestSamples: new Map<string, Array<number>>(),
      bytes: new Map<string, number>()
    }
  })
  const record = (samples: Map<string, Array<number>>, key: string, value: number) =>
    samples.set(key, [...(samples.get(key) ?? []), value])
  for (let round = -1; round < rounds; round++) {
    for (let page = 0; page < visits[0]!.all.length; page++) {
      for (const visit of visits) {
        const [name, requests] = visit.all[page]!
        const started = performance.now()
        const answers = await Promise.all(requests.map((path) => get(visit.handler, path)))
        const elapsed = performance.now() - started
        if (round < 0) continue
        record(visit.pageSamples, name, elapsed)
        visit.bytes.set(name, answers.reduce((total, answer) => total + answer.bytes, 0))
      }
    }
  }
  // A request alone takes a few milliseconds, so it gets more rounds: its growth is a ratio of two medians.
  for (let round = 0; round < requestRounds; round++) {
    for (let request = 0; request < visits[0]!.distinct.length; request++) {
      for (const visit of visits) {
        const path = visit.distinct[request]!
        const answer = await get(visit.handler, path)
        record(visit.requestSamples, path, answer.ms)
      }
    }
  }
  return visits.map((visit) => ({
    pages: new Map(
      visit.all.map(([page]) => [page, { ms: median(visit.pageSamples.get(page)!), bytes: visit.bytes.get(page)! }])
    ),
    requests: new Map(visit.distinct.map((path) => [path, median(visit.requestSamples.get(path)!)]))
  }))
}

const pageGoalMs = 100
const growthGoal = 1.5
const label = (path: string) => path.replace(/run-[0-9a-f]{32}/, ":id").replace(/batch-\d+-[0-9a-z]{9}/g, ":id")

const timingReport = (small: Seeded, large: Seeded, at10k: Timings, at100k: Timings) => {
  const pageRows = [...at100k.pages.keys()].map((page) => {
    const a = at10k.pages.get(page)!
    const b = at100k.pages.get(page)!
    return [
      page,
      ms(a.ms),
      ms(b.ms),
      `${(b.ms / a.ms).toFixed(1)}×`,
      b.ms <= pageGoalMs ? "PASS" : "FAIL",
      kib(b.bytes)
    ]
  })
  const growths = [...at100k.requests.entries()].map(([path, b]) => {
    const a = [...at10k.requests.entries()].find(([other]) => label(other) === label(path))![1]
    return { request: `GET ${label(path)}`, a, b, growth: b / a }
  })
  const requestRows = growths.map(({ a, b, growth, request }) => [
    request,
    ms(a),
    ms(b),
    `${growth.toFixed(1)}×`,
    request === "GET /health" ? "" : verdict(growth <= growthGoal)
  ])
  const steepest = growths.filter((g) => g.request !== "GET /health").reduce((x, y) => (y.growth > x.growth ? y : x))
  const missed = [...at100k.pages.entries()].filter(([page, t]) => page !== baselinePage && t.ms > pageGoalMs).map((
    [page]
  ) => page)
  const slowest = [...at100k.pages.entries()].filter(([page]) => page !== baselinePage)
    .reduce((a, b) => (b[1].ms > a[1].ms ? b : a))
  const goals: ReadonlyArray<Goal> = [{
    goal: `every dashboard page's requests ≤ ${pageGoalMs} ms at 100k runs on SQLite`,
    figure: `slowest: ${slowest[0]} ${ms(slowest[1].ms)} ms`,
    pass: slowest[1].ms <= pageGoalMs
  }, {
    goal: `every SQLite read grows ≤ ${growthGoal}× from 10k to 100k`,
    figure: `most: ${steepest.request} ${steepest.growth.toFixed(1)}×`,
    pass: steepest.growth <= growthGoal
  }]
  const lines = [
    `### Dashboard pages: API time of each page's first view (in-process handler over SQLite, median of ${rounds} rounds after a warm-up, the two stores in turn)`,
    "",
    `Stores: ${small.runs.toLocaleString("en")} runs seeded in ${ms(small.seedMs / 1000)} s, ${
      large.runs.toLocaleString("en")
    } runs in ${ms(large.seedMs / 1000)} s ` +
    `(${storeShape()}); their rollups hold ${small.cellRows.toLocaleString("en")} and ${
      large.cellRows.toLocaleString("en")
    } cell rows (a cell and status each).`,
    "",
    table(
      ["page (requests together)", "10k ms", "100k ms", "growth", `≤ ${pageGoalMs} ms at 100k`, "100k KiB"],
      pageRows
    ),
    "",
    missed.length === 0
      ? `Every page meets ${pageGoalMs} ms at 100k runs.`
      : `Over ${pageGoalMs} ms at 100k runs: ${missed.join(", ")}.`,
    "",
    `Each request alone (median of ${requestRounds} rounds; the pages above wait on these, and one SQLite connection runs them one after another):`,
    "",
    table(["request", "10k ms", "100k ms", "growth", `≤ ${growthGoal}× growth`], requestRows)
  ]
  return { lines, goals }
}

// ---------------------------------------------------------------------------------------------------------------

const directory = mkdtempSync(join(tmpdir(), "ze-bench-dashboard-"))
let smallStore: Handler | undefined
let large: Handler | undefined

beforeAll(async () => {
  const builder = await import(pathToFileURL(join(root, "scripts", "build-dashboard.mjs")).href) as {
    ensureDashboard: (options?: { log?: (line: string) => void }) => Promise<string>
  }
  const status = await builder.ensureDashboard({ log: (line) => console.log(line) })
  if (status === "failed" || status === "no-sources") throw new Error(`the dashboard build is ${status}`)
  publish("dashboard-sizes", sizeReport(measureSizes()))

  const small = seed(join(directory, "runs-10k.db"), 10_000)
  const big = seed(join(directory, "runs-100k.db"), 100_000)
  smallStore = makeInProcessHandler({ filename: join(directory, "runs-10k.db") })
  large = makeInProcessHandler({ filename: join(directory, "runs-100k.db") })
  const [at10k, at100k] = await timePages([
    { handler: smallStore.handler, seeded: small },
    { handler: large.handler, seeded: big }
  ])
  const timing = timingReport(small, big, at10k!, at100k!)
  publish("reads-sqlite", timing.lines, timing.goals)
}, 240_000)

afterAll(async () => {
  await smallStore?.dispose()
  await large?.dispose()
  rmSync(directory, { recursive: true, force: true })
})

// The same two figures through vitest's own table: the baseline and the page every visit starts on.
describe("dashboard over a store of 100,000 runs", () => {
  bench("GET /health (baseline)", async () => {
    await get(large!.handler, "/health")
  }, { iterations: 20, warmupIterations: 2, time: 0 })

  bench("Overview page (GET /api/dashboard/overview)", async () => {
    await get(large!.handler, "/api/dashboard/overview")
  }, { iterations: 7, warmupIterations: 1, time: 0 })
})
