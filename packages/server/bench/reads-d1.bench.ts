/**
 * Reads at scale on local D1: the dashboard's requests (stats and every breakdown, run pages with and without filters,
 * batch list and detail, run detail, compare) against the Worker under `wrangler dev`, over a D1 holding 10,000 and
 * then 100,000 runs, beside `GET /health` on the same Worker. The runs are written into the SQLite file miniflare
 * keeps the D1 in (after wrangler migrated it, while wrangler is stopped), with the seeding of dashboard.bench.ts.
 */
import { beforeAll, bench, describe } from "vitest"
import { applyMigrations, d1File, remove, tempDirectory, wranglerDev } from "./support/Processes.js"
import { machine, median, ms, publish, ratio, smoke, table, verdict } from "./support/Report.js"
import type { Seeded } from "./support/Store.js"
import { seed } from "./support/Store.js"

const sizes = smoke ? [1_000, 2_000] as const : [10_000, 100_000] as const
const rounds = smoke ? 2 : 11
const goalMs = 100
const growthGoal = 1.5
const baseline = "/health"

const requestsOf = (store: Seeded): ReadonlyArray<readonly [label: string, path: string]> => [
  ["GET /health (baseline)", baseline],
  ["overview", "/api/dashboard/overview"],
  ["stats", "/api/stats"],
  ["stats, agent filter", `/api/stats?agent=${store.agent}`],
  ["stats, batch filter (from the runs)", `/api/stats?batchId=${store.newestBatch}`],
  ...["agents", "models", "agent-models", "agent-model-tiers", "suites", "scenarios", "tiers", "evaluators", "cost"]
    .map((by) => [`stats/${by}`, `/api/stats/${by}`] as const),
  ["runs facets", "/api/runs/facets"],
  ["runs page", "/api/runs?limit=50"],
  ["runs page, agent + status", `/api/runs?limit=50&agent=${store.agent}&status=failed`],
  ["runs page, by score", "/api/runs?limit=50&sort=score-desc"],
  ["run detail", `/api/runs/${store.runWithArtifacts}`],
  ["run artifacts", `/api/runs/${store.runWithArtifacts}/artifacts`],
  ["batch list", "/api/batches?limit=50"],
  ["batch detail", `/api/batches/${store.newestBatch}`],
  ["compare", `/api/compare?base=${store.previousBatch}&head=${store.newestBatch}`]
]

const get = async (baseUrl: string, path: string) => {
  const started = performance.now()
  const response = await fetch(`${baseUrl}${path}`)
  const body = await response.arrayBuffer()
  if (response.status !== 200) {
    throw new Error(`GET ${path}: ${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`)
  }
  return performance.now() - started
}

/** A fresh local D1 migrated by wrangler, `runs` runs written into its file, and the Worker started on it. */
const open = async (runs: number) => {
  const persist = tempDirectory("ze-bench-d1-reads-")
  try {
    await applyMigrations(persist)
    const store = seed(d1File(persist), runs, { alreadyMigrated: true })
    const service = await wranglerDev({ persist })
    return { store, service, persist }
  } catch (error) {
    remove(persist)
    throw error
  }
}

beforeAll(async () => {
  const stores: Array<Awaited<ReturnType<typeof open>>> = []
  try {
    for (const runs of sizes) stores.push(await open(runs))
    const [small, large] = stores as [typeof stores[0], typeof stores[0]]
    const requests = [requestsOf(small.store), requestsOf(large.store)] as const
    const samples = requests[0].map(() => [[], []] as [Array<number>, Array<number>])
    // Both Workers run at once and each request goes to one then the other, so drift weighs on both sizes alike.
    for (let round = -1; round < rounds; round++) {
      for (let i = 0; i < requests[0].length; i++) {
        for (const s of round % 2 === 0 ? [0, 1] as const : [1, 0] as const) {
          const elapsed = await get(stores[s]!.service.baseUrl, requests[s][i]![1])
          if (round >= 0) samples[i]![s].push(elapsed)
        }
      }
    }
    const missed: Array<string> = []
    const measured: Array<{ label: string; at100k: number; growth: number }> = []
    const rows = requests[0].map(([label], i) => {
      const [at10k, at100k] = [median(samples[i]![0]), median(samples[i]![1])]
      const growth = at100k / at10k
      if (i > 0) measured.push({ label, at100k, growth })
      if ((at100k > goalMs || growth > growthGoal) && i > 0) missed.push(label)
      return [label, ms(at10k), ms(at100k), ratio(growth), verdict(at100k <= goalMs), verdict(growth <= growthGoal)]
    })
    const k = (n: number) => `${n / 1000}k`
    const slowest = measured.reduce((a, b) => (b.at100k > a.at100k ? b : a))
    const steepest = measured.reduce((a, b) => (b.growth > a.growth ? b : a))
    publish("reads-d1", [
      `### Reads on local D1: the Worker under wrangler dev (median of ${rounds} rounds after a warm-up, each request alone)`,
      "",
      machine(),
      `Stores: ${sizes.map((n) => n.toLocaleString("en")).join(" and ")} runs (seeded in ${
        (small.store.seedMs / 1000).toFixed(1)
      } s and ` +
      `${
        (large.store.seedMs / 1000).toFixed(1)
      } s straight into the D1 file, rollups backfilled as the migration does). ` +
      "Both Workers run at once; each request goes to both in turn.",
      "",
      table([
        "request",
        `${k(sizes[0])} ms`,
        `${k(sizes[1])} ms`,
        "growth",
        `≤ ${goalMs} ms`,
        `≤ ${growthGoal}× growth`
      ], rows),
      "",
      missed.length === 0
        ? `Every read meets ${goalMs} ms at ${k(sizes[1])} and ${growthGoal}× growth: PASS`
        : `Misses (${missed.length}): ${missed.join("; ")} → FAIL`
    ], [
      {
        goal: `every D1 read ≤ ${goalMs} ms at ${k(sizes[1])} runs`,
        figure: `slowest: ${slowest.label} ${ms(slowest.at100k)} ms`,
        pass: slowest.at100k <= goalMs
      },
      {
        goal: `every D1 read grows ≤ ${growthGoal}× from ${k(sizes[0])} to ${k(sizes[1])}`,
        figure: `most: ${steepest.label} ${ratio(steepest.growth)}`,
        pass: steepest.growth <= growthGoal
      }
    ])
  } finally {
    for (const store of stores) {
      await store.service.stop()
      remove(store.persist)
    }
  }
}, 600_000)

// vitest needs a bench in the file; the figures are the table above.
describe("reads on local D1", () => {
  bench("list the requests of a store", () => {
    requestsOf({
      runs: 0,
      cellRows: 0,
      seedMs: 0,
      newestBatch: "b",
      previousBatch: "a",
      runWithArtifacts: "r",
      agent: "x"
    })
  }, { iterations: 10, warmupIterations: 1, time: 0 })
})
