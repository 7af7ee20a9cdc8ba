/**
 * Ingest: `POST /api/results` with upstream-shaped runs at concurrency 1, 8 and 32, each ze server beside floors
 * measured in the same run (a bare Worker writing the same rows in one D1 batch, bare and behind the ze Worker's asset
 * routing, a Worker that only parses the JSON, bare node:http with one better-sqlite3 transaction). Only the ratios
 * carry over between machines. Every answer must be 2xx and every accepted run must be stored; misses are printed,
 * never thrown.
 */
import { beforeAll, bench, describe } from "vitest"
import type { LoadResult } from "./support/Load.js"
import { closedLoop, combine } from "./support/Load.js"
import { upstreamRun } from "./support/Payload.js"
import { remove } from "./support/Processes.js"
import type { Goal } from "./support/Report.js"
import { machine, ms, publish, ratio, smoke, table, verdict } from "./support/Report.js"
import type { Started } from "./support/Targets.js"
import { startFloorWorker, startSqliteFloor, startZeServe, startZeWorker } from "./support/Targets.js"

const concurrencies = [1, 8, 32] as const
/** Each cell is sent in `rounds` parts, the targets' order reversed every round (A B … B A A B … B A). */
const rounds = 4
const perCell = smoke ? 24 : 2_000
/** Long enough for the JIT: ze's first thousand writes cost it ~25% more CPU than the ones after. */
const warmUp = smoke ? 8 : 1_000
const headers = { authorization: "Bearer dev-local-key" }

type TargetName = "ze-worker" | "d1-floor-routed" | "d1-floor" | "parse-floor" | "ze-serve" | "sqlite-floor"
const targets: ReadonlyArray<readonly [TargetName, string, () => Promise<Started>]> = [
  ["ze-worker", "ze Worker (wrangler dev, local D1)", startZeWorker],
  [
    "d1-floor-routed",
    "floor: bare Worker, one D1 batch, behind ze's asset routing",
    () => startFloorWorker("d1-batch.js", { routedLikeZe: true })
  ],
  ["d1-floor", "floor: bare Worker, one D1 batch", () => startFloorWorker("d1-batch.js")],
  ["parse-floor", "floor: Worker that only parses JSON", () => startFloorWorker("parse-only.js")],
  ["ze-serve", "ze serve (Node, SQLite)", startZeServe],
  ["sqlite-floor", "floor: node:http + one better-sqlite3 transaction", startSqliteFloor]
]

interface Measured {
  readonly label: string
  readonly cells: ReadonlyArray<LoadResult>
  /** CPU ms of the target's processes per accepted write, by concurrency. */
  readonly cpuPerWrite: ReadonlyMap<number, number>
  readonly submitted: number
  readonly stored: number | undefined
  /** Where some answers were not 2xx: the last lines the target logged, its successful requests left out. */
  readonly log: ReadonlyArray<string>
}

interface Running {
  readonly name: TargetName
  readonly label: string
  readonly target: Started
  sent: number
  accepted: number
  readonly cpu: Map<number, { ms: number; writes: number }>
}

const load = async (running: Running, concurrency: number, count: number) => {
  const offset = running.sent
  running.sent += count
  const cpuBefore = running.target.service.cpuMs()
  const result = await closedLoop({
    url: `${running.target.service.baseUrl}/api/results`,
    concurrency,
    count,
    headers,
    body: (i) => upstreamRun(running.name, offset + i)
  })
  running.accepted += result.accepted
  const spent = running.cpu.get(concurrency) ?? { ms: 0, writes: 0 }
  running.cpu.set(concurrency, {
    ms: spent.ms + running.target.service.cpuMs() - cpuBefore,
    writes: spent.writes + result.accepted
  })
  return result
}

/**
 * Every target runs at once (idle ones cost little); each cell is sent in rounds, targets in order then in reverse
 * (A B … B A A B … B A), so a machine that gets busier or quieter during the run weighs on every target alike.
 */
const measureAll = async (): Promise<ReadonlyMap<TargetName, Measured>> => {
  const running: Array<Running> = []
  try {
    for (const [name, label, start] of targets) {
      running.push({ name, label, target: await start(), sent: 0, accepted: 0, cpu: new Map() })
    }
    for (const r of running) await load(r, 8, warmUp)
    for (const r of running) r.cpu.clear()
    const cells = new Map(running.map((r) => [r.name, [] as Array<LoadResult>]))
    for (const concurrency of concurrencies) {
      const parts = new Map(running.map((r) => [r.name, [] as Array<LoadResult>]))
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? running : [...running].reverse()
        for (const r of order) parts.get(r.name)!.push(await load(r, concurrency, perCell / rounds))
      }
      for (const r of running) cells.get(r.name)!.push(combine(parts.get(r.name)!))
    }
    const results = new Map<TargetName, Measured>()
    for (const r of running) {
      // Only a target that answered something other than 2xx shows its log, without blank lines and its 2xx requests.
      const log = r.accepted < r.sent
        ? r.target.service.output().split("\n").filter((line) =>
          line.trim() !== "" && !/^\[wrangler:info\] (POST|GET) \S+ 2\d\d /.test(line)
        ).slice(-12)
        : []
      await r.target.service.stop()
      results.set(r.name, {
        log,
        label: r.label,
        cells: cells.get(r.name)!,
        cpuPerWrite: new Map([...r.cpu].map(([c, { ms, writes }]) => [c, writes === 0 ? Number.NaN : ms / writes])),
        submitted: r.accepted,
        stored: r.target.storedRuns?.()
      })
    }
    return results
  } finally {
    for (const r of running) {
      await r.target.service.stop()
      remove(r.target.directory)
    }
  }
}

const failuresOf = (cell: LoadResult) => {
  const entries = Object.entries(cell.failures)
  return entries.length === 0 ? "0" : entries.map(([status, n]) => `${n}× ${status}`).join(", ")
}

const report = (results: ReadonlyMap<TargetName, Measured>) => {
  const at = (name: TargetName, concurrency: number) =>
    results.get(name)!.cells.find((c) => c.concurrency === concurrency)!
  /**
   * One row per concurrency: each target's figure, and the share of the floor's figure that ze reaches (`better`
   * says which way: more req/s, or less CPU a write).
   */
  const rowsOf = (figure: (name: TargetName, c: number) => number, digits: number, better: "higher" | "lower") =>
    concurrencies.map((c) => {
      const value = (name: TargetName) => figure(name, c)
      const share = (ze: TargetName, floor: TargetName) =>
        ratio(better === "higher" ? value(ze) / value(floor) : value(floor) / value(ze))
      return [
        String(c),
        ...(["ze-worker", "d1-floor-routed", "d1-floor", "parse-floor"] as const).map((name) =>
          value(name).toFixed(digits)
        ),
        share("ze-worker", "d1-floor-routed"),
        share("ze-worker", "d1-floor"),
        ...(["ze-serve", "sqlite-floor"] as const).map((name) => value(name).toFixed(digits)),
        share("ze-serve", "sqlite-floor")
      ]
    })
  const throughputRows = rowsOf((name, c) => at(name, c).perSecond, 0, "higher")
  const cpuRows = rowsOf((name, c) => results.get(name)!.cpuPerWrite.get(c) ?? Number.NaN, 2, "lower")
  const detailRows = [...results.values()].flatMap((m) =>
    m.cells.map((cell) => [
      m.label,
      String(cell.concurrency),
      String(cell.requests),
      cell.perSecond.toFixed(0),
      ms(cell.p50),
      ms(cell.p99),
      failuresOf(cell)
    ])
  )
  const storedRows = [...results.values()].map((m) => [
    m.label,
    String(m.submitted),
    m.stored === undefined ? "(stores nothing)" : String(m.stored),
    m.stored === undefined ? "n/a" : verdict(m.stored === m.submitted)
  ])
  const nonOk = [...results.values()].flatMap((m) => m.cells).reduce((n, cell) => n + cell.requests - cell.accepted, 0)
  const failureLines = [...results.values()].flatMap((m) =>
    m.cells.flatMap((cell) =>
      Object.entries(cell.failureSamples).map(([status, answer]) =>
        `- ${m.label}, c = ${cell.concurrency}: ${cell.failures[status]}× ${status}, the first answering \`${
          answer.replace(/\s+/g, " ")
        }\``
      )
    )
  )
  const workerRatio = at("ze-worker", 8).perSecond / at("d1-floor-routed", 8).perSecond
  const bareWorkerRatio = at("ze-worker", 8).perSecond / at("d1-floor", 8).perSecond
  const nodeRatio = at("ze-serve", 8).perSecond / at("sqlite-floor", 8).perSecond
  /** Both tables: the concurrency, then each runtime's targets and ratio (req/s: ze ÷ floor; CPU: floor ÷ ze). */
  const targetColumns = (workerRatioHeader: string, serveRatioHeader: string) => [
    "c",
    "ze Worker",
    "D1 floor, routed like ze",
    "D1 floor, bare",
    "parse-only Worker",
    `${workerRatioHeader} (routed)`,
    `${workerRatioHeader} (bare)`,
    "ze serve",
    "SQLite floor",
    serveRatioHeader
  ]
  const lines = [
    "### Ingest: POST /api/results (req/s; closed loop over keep-alive connections)",
    "",
    machine(),
    `Each cell: ${perCell} runs of ~3.5 KB (2 evaluations, telemetry with a 2 KB prompt, metadata; 100 runs a batch; unique runIds), ` +
    `sent in ${rounds} rounds (targets in order, then in reverse, and again) after ${warmUp} warm-up runs at c=8 per ` +
    "target; all targets run " +
    "at once, and the load generator runs in the bench process on the same cores. The routed D1 floor is the bare " +
    "one with the ze Worker's `[assets]` section (the dashboard; `/api/*`, `/docs` and `/health` reach the Worker " +
    "first): under wrangler dev each of its requests passes through the asset router's workers as the ze Worker's " +
    "do, which Cloudflare does outside the Worker once deployed. The goal compares the two Workers so routed.",
    "",
    table(targetColumns("Worker / D1 floor", "serve / SQLite floor"), throughputRows),
    "",
    "CPU per accepted write (ms of user + system time of the target's whole process group: wrangler and workerd for " +
    "the Workers; read from /proc before and after each round of a cell). Throughput moves with whatever else the machine " +
    "runs; CPU per write hardly does, so its ratio (floor ÷ ze: the share of ze's cost that any server must pay) is " +
    "the steadier comparison on a shared machine.",
    "",
    table(targetColumns("D1 floor / Worker", "SQLite floor / serve"), cpuRows),
    "",
    table(["target", "c", "requests", "req/s", "p50 ms", "p99 ms", "non-2xx"], detailRows),
    "",
    ...(failureLines.length === 0 ? [] : ["What the non-2xx answers said:", "", ...failureLines, ""]),
    ...[...results.values()].filter((m) => m.log.length > 0).flatMap((m) => [
      `The last lines ${m.label} logged (its 2xx requests left out):`,
      "",
      "```",
      ...m.log,
      "```",
      ""
    ]),
    "Stored runs afterwards (benchmark_runs, read from the SQLite file after the server stopped):",
    "",
    table(["target", "accepted", "stored", "equal"], storedRows)
  ]
  const stored = [...results.values()].every((m) => m.stored === undefined || m.stored === m.submitted)
  const storing = [...results.values()].filter((m) => m.stored !== undefined)
  const accepted = storing.reduce((n, m) => n + m.submitted, 0)
  const goals: ReadonlyArray<Goal> = [
    {
      goal: "ze Worker ingest ≥ 0.80 × D1 floor at c = 8",
      figure: `${ratio(workerRatio)} (routed alike; ${ratio(bareWorkerRatio)} of the bare floor)`,
      pass: workerRatio >= 0.8
    },
    { goal: "ze serve ingest ≥ 0.50 × SQLite floor at c = 8", figure: ratio(nodeRatio), pass: nodeRatio >= 0.5 },
    {
      goal: "no non-2xx answer, every accepted run stored",
      figure: `${nonOk} non-2xx; ${
        stored ? "all" : "NOT all"
      } of ${accepted} accepted runs on ${storing.length} stores`,
      pass: nonOk === 0 && stored
    }
  ]
  return { lines, goals }
}

beforeAll(async () => {
  const { goals, lines } = report(await measureAll())
  publish("ingest", lines, goals)
}, 600_000)

// vitest needs a bench in the file; the figures are the tables above.
describe("ingest", () => {
  bench("build one upstream-shaped run body", () => {
    upstreamRun("vitest", 0)
  }, { iterations: 100, warmupIterations: 10, time: 0 })
})
