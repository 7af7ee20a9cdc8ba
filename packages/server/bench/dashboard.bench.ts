/**
 * What the dashboard costs a visitor: the bytes of its first load (gzip) against a 120 KiB goal, and the time of
 * each page's API requests over a store of 10,000 and then 100,000 runs against a 100 ms goal, beside `GET /health`
 * on the same handler. Tables go to stdout; nothing here fails on a missed goal (that is a measurement, not a test).
 */
import { createHash } from "node:crypto"
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"
import { afterAll, beforeAll, bench, describe } from "vitest"
import { makeInProcessHandler, migrationsDirectory, splitSqlStatements } from "../src/index.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const appDirectory = join(root, "packages", "web", "dist", "app")

const kib = (bytes: number) => (bytes / 1024).toFixed(1)
const ms = (value: number) => value.toFixed(1)
const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** A markdown table, columns padded so it also reads well as plain text. */
const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`
  return [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Sizes of the built dashboard

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 6 }).length

/** Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; never `import("./x.js")`. */
const staticImport = /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$\s{},*]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g
const dynamicImport = /\bimport\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g

const staticImportsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(staticImport)].map((match) => resolve(dirname(file), match[1]!))

/** The file and every chunk it imports statically, transitively. */
const staticClosure = (entries: ReadonlyArray<string>) => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    staticImportsOf(file).forEach(visit)
  }
  entries.forEach(visit)
  return seen
}

const filesUnder = (directory: string): Array<string> =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)])

const measureSizes = () => {
  const html = readFileSync(join(appDirectory, "index.html"), "utf8")
  const local = (href: string) => join(appDirectory, href.replace(/^\//, ""))
  const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}=["']([^"']+)["']`))?.[1]
  const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((match) => match[0])
  const scripts = tags.filter((tag) => tag.startsWith("<script") && /type=["']module["']/.test(tag))
    .map((tag) => attribute(tag, "src")).filter((src): src is string => src !== undefined).map(local)
  const linked = (rel: string) =>
    tags.filter((tag) => tag.startsWith("<link") && attribute(tag, "rel") === rel)
      .map((tag) => attribute(tag, "href")).filter((href): href is string => href !== undefined).map(local)
  const css = linked("stylesheet")
  const preloads = linked("modulepreload")
  const entry = staticClosure([...scripts, ...preloads])

  // `/` renders Overview: the entry loads its chunk with a dynamic import, which then needs its static imports.
  const overviewChunk = [...entry].flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(dynamicImport)].map((match) => resolve(dirname(file), match[1]!))
  ).find((file) => /[\\/]Overview-[^\\/]*\.js$/.test(file))
  if (overviewChunk === undefined) throw new Error("no dynamic import of an Overview-*.js chunk in the entry")
  const overview = [...staticClosure([overviewChunk])].filter((file) => !entry.has(file))

  const firstLoad = [...new Set([...entry, ...css, ...overview])]
  const all = filesUnder(appDirectory).filter((file) => !/[\\/]\.[^\\/]*$/.test(file))
  const sized = (files: ReadonlyArray<string>) => ({
    files: files.length,
    raw: files.reduce((total, file) => total + statSync(file).size, 0),
    gzip: files.reduce((total, file) => total + gzipSize(file), 0)
  })
  const chunks = all.filter((file) => file.endsWith(".js")).map((file) => ({ file, gzip: gzipSize(file), raw: statSync(file).size }))
  const largest = chunks.reduce((a, b) => (b.gzip > a.gzip ? b : a))
  return {
    entry: sized([...entry]),
    css: sized(css),
    overview: sized(overview),
    firstLoad: sized(firstLoad),
    firstLoadFiles: firstLoad.map((file) => relative(appDirectory, file)),
    largest: { name: relative(appDirectory, largest.file), raw: largest.raw, gzip: largest.gzip },
    all: sized(all)
  }
}

const firstLoadGoal = 120 * 1024

const sizeReport = (sizes: ReturnType<typeof measureSizes>) => {
  const row = (what: string, s: { files: number; raw: number; gzip: number }) => [what, String(s.files), kib(s.raw), kib(s.gzip)]
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
    `First load: ${sizes.firstLoadFiles.join(", ")}`,
    `Goal first load ≤ 120 KiB gzip: ${kib(sizes.firstLoad.gzip)} KiB → ${pass ? "PASS" : "FAIL"}`
  ].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------
// 2. A store of N runs, written straight into SQLite as POST /api/results (RunsRepo.submit) would store them

interface Statement {
  run(...parameters: ReadonlyArray<unknown>): unknown
}
interface Database {
  exec(source: string): void
  prepare(source: string): Statement
  pragma(source: string): unknown
  transaction<A extends ReadonlyArray<unknown>>(body: (...args: A) => void): (...args: A) => void
  close(): void
}

/** better-sqlite3 is the server's driver, a dependency of @effect/sql-sqlite-node rather than of this package. */
const openDatabase = (filename: string): Database => {
  const driver = realpathSync(join(root, "packages", "server", "node_modules", "@effect", "sql-sqlite-node"))
  const BetterSqlite3 = createRequire(join(driver, "package.json"))("better-sqlite3") as new (filename: string) => Database
  return new BetterSqlite3(filename)
}

const runsPerBatch = 100
const groups: ReadonlyArray<readonly [agent: string, model: string | null, usdPerMTokIn: number | null, passRate: number]> = [
  ["claude-code", "claude-sonnet-4-5", 3, 0.72],
  ["claude-code", "claude-opus-4-1", 15, 0.78],
  ["codex", "gpt-5", 1.25, 0.7],
  ["codex", "gpt-5-mini", 0.25, 0.55],
  ["opencode", "claude-sonnet-4-5", 3, 0.66],
  ["opencode", "qwen3-coder", null, 0.45], // unpriced: cost stays null, as the harness stores it
  ["echo", null, null, 0.05],
  ["oracle", null, null, 0.97]
]
const suites = ["core", "refactor", "bugfix", "frontend"]
const scenarios = Array.from({ length: 20 }, (_, i) => ({ suite: suites[Math.floor(i / 5)]!, name: `task-${String(i % 5 + 1).padStart(2, "0")}` }))
const tiers = ["L0", "L1", "L2"]
const evaluators = [["validation", 0.5], ["heuristics", 0.2], ["llm-judge", 0.3]] as const
const failures = ["agent_error", "infra_error", "timeout", "budget_exceeded", "cancelled"] as const
/** Cells vary the agent×model fastest, then the tier, then the scenario: a batch of 100 covers every group. */
const cellCount = groups.length * tiers.length * scenarios.length

/** mulberry32: the same store on every run of the bench. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const prompt = JSON.stringify([{
  role: "user",
  content: "You are working in a copy of a TypeScript repository. Make the failing tests in test/ pass without " +
    "changing them. Keep the public API as it is, run the test command before you finish, and explain what you " +
    "changed in one paragraph. ".repeat(4)
}])
const diffArtifact = Array.from({ length: 40 }, (_, i) =>
  `diff --git a/src/module-${i}.ts b/src/module-${i}.ts\n@@ -1,3 +1,3 @@\n-export const value = ${i}\n+export const value = ${i + 1}\n`).join("")
const transcriptArtifact = JSON.stringify({
  version: 1,
  agent: "claude-code",
  model: "claude-sonnet-4-5",
  steps: Array.from({ length: 30 }, (_, i) => ({ kind: "tool", name: i % 2 === 0 ? "readFile" : "runCommand", input: { path: `src/module-${i}.ts` }, output: "ok ".repeat(40) }))
}, null, 2)
const commandsArtifact = "$ pnpm test\n" + "✓ test/module.test.ts (12 tests) 41ms\n".repeat(12)

interface Seeded {
  readonly runs: number
  readonly seedMs: number
  readonly newestBatch: string
  readonly previousBatch: string
  readonly runWithArtifacts: string
  readonly agent: string
}

const seed = (filename: string, runs: number): Seeded => {
  const started = performance.now()
  const db = openDatabase(filename)
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = OFF")
  const migrations = readdirSync(migrationsDirectory).filter((file) => /^\d+_.+\.sql$/.test(file)).sort()
  for (const file of migrations) {
    for (const statement of splitSqlStatements(readFileSync(join(migrationsDirectory, file), "utf8"))) db.exec(statement)
  }
  // Recorded as the server's Migrator records them, so it has nothing left to apply.
  db.exec(`CREATE TABLE IF NOT EXISTS ze_migrations (migration_id integer PRIMARY KEY NOT NULL,
    created_at datetime NOT NULL DEFAULT current_timestamp, name VARCHAR(255) NOT NULL)`)
  const recordMigration = db.prepare("INSERT INTO ze_migrations (migration_id, name) VALUES (?, ?)")
  for (const file of migrations) {
    const [, id, name] = file.match(/^(\d+)_(.+)\.sql$/)!
    recordMigration.run(Number(id), name)
  }

  const insertBatch = db.prepare(`INSERT INTO batch_runs (batchId, createdAt, completedAt, metadata, updatedAt)
    VALUES (?, ?, ?, ?, ?)`)
  const insertRun = db.prepare(`INSERT INTO benchmark_runs (run_id, batchId, suite, scenario, tier, agent, model,
    status, started_at, completed_at, total_score, weighted_score, is_successful, success_metric, specialist_enabled,
    specialist_name, specialist_version, metadata, repeat_index, resolved_model, agent_version, failure_reason,
    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertEvaluation = db.prepare(`INSERT INTO evaluation_results (run_id, evaluator_name, score, max_score,
    details, status, weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertTelemetry = db.prepare(`INSERT INTO run_telemetry (run_id, tool_calls, tokens_in, tokens_out,
    cache_read_tokens, cache_write_tokens, cost_usd, judge_cost_usd, judge_tokens_in, judge_tokens_out, duration_ms,
    workspace_dir, prompt_sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertArtifact = db.prepare(`INSERT INTO run_artifacts (run_id, name, content_type, content, size_bytes,
    stored_bytes, truncated, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`)
  const completeBatch = db.prepare("UPDATE batch_runs SET completedAt = ?, updatedAt = ? WHERE batchId = ?")

  const rand = random(runs)
  const batches = Math.ceil(runs / runsPerBatch)
  const end = Date.now() - 3_600_000
  const span = 90 * 86_400_000
  const ids: Array<{ batchId: string; firstRun: string }> = []

  const writeBatch = db.transaction((b: number) => {
    const createdAt = Math.round(end - span + (b * span) / batches)
    const batchId = `batch-${createdAt}-${Math.floor(rand() * 36 ** 9).toString(36).padStart(9, "0")}`
    const size = Math.min(runsPerBatch, runs - b * runsPerBatch)
    // Batches come in pairs over the same cells, so consecutive batches compare cell by cell.
    const offset = ((b >> 1) * runsPerBatch) % cellCount
    const cells = Array.from({ length: size }, (_, i) => {
      const k = (offset + i) % cellCount
      const [agent, model, price, passRate] = groups[k % groups.length]!
      return { agent, model, price, passRate, tier: tiers[Math.floor(k / groups.length) % tiers.length]!, scenario: scenarios[Math.floor(k / (groups.length * tiers.length))]! }
    })
    insertBatch.run(batchId, createdAt, null, JSON.stringify({
      suites: [...new Set(cells.map((c) => c.scenario.suite))],
      scenarios: [...new Set(cells.map((c) => `${c.scenario.suite}/${c.scenario.name}`))],
      tiers: [...new Set(cells.map((c) => c.tier))],
      agents: [...new Set(cells.map((c) => c.agent))].map((agent) => ({ agent, models: [...new Set(cells.filter((c) => c.agent === agent).map((c) => c.model))] })),
      repeats: 1,
      cells: size,
      skippedCombinations: []
    }), createdAt)
    let completedAt = createdAt
    cells.forEach((cell, i) => {
      const { agent, model, price, passRate, tier, scenario } = cell
      const runId = `run-${createHash("sha256").update(JSON.stringify([batchId, scenario.suite, scenario.name, tier, agent, model, 0])).digest("hex").slice(0, 32)}`
      const startedAt = createdAt + i * 1500
      const durationMs = Math.round(20_000 + rand() * 280_000)
      completedAt = Math.max(completedAt, startedAt + durationMs)
      const roll = rand()
      const status = roll < passRate ? "passed" : roll < passRate + (1 - passRate) * 0.8 ? "failed" : failures[Math.floor(rand() * failures.length)]!
      const scored = status === "passed" || status === "failed"
      const weighted = !scored ? null : status === "passed" ? 7 + rand() * 3 : rand() * 7
      const now = new Date(startedAt + durationMs + 50).toISOString()
      insertRun.run(runId, batchId, scenario.suite, scenario.name, tier, agent, model, status,
        new Date(startedAt).toISOString(), new Date(startedAt + durationMs).toISOString(),
        weighted === null ? null : weighted * 0.9, weighted, status === "passed" ? 1 : 0,
        weighted === null ? null : weighted / 10, 0, null, null,
        JSON.stringify({
          scenarioId: `${scenario.suite}-${scenario.name}`,
          title: `Fix ${scenario.name} in ${scenario.suite}`,
          stage: scored ? "scoring" : "agent",
          passThreshold: 7,
          filesChanged: Math.floor(rand() * 8),
          linesAdded: Math.floor(rand() * 200),
          linesRemoved: Math.floor(rand() * 80),
          oracleQuestions: [],
          commands: [{ name: "test", command: "pnpm test", exitCode: status === "passed" ? 0 : 1, durationMs: 4200, timedOut: false }],
          heuristicChecks: [{ name: "no-skipped-tests", passed: true }],
          integrityFindings: [],
          workspaceCopyMs: 14
        }),
        0, model, "1.0.0", scored ? null : `${status}: the agent stopped early`, now)
      if (scored) {
        evaluators.forEach(([name, weight], e) => {
          const judged = name !== "llm-judge" || rand() > 0.1
          const score = status === "passed" ? 0.7 + rand() * 0.3 : rand() * 0.7
          insertEvaluation.run(runId, name, judged ? score : 0, 1, judged ? `${name}: ${Math.round(score * 12)}/12 checks` : "no judge configured",
            judged ? "ok" : "skipped", weight, new Date(startedAt + durationMs + e).toISOString())
        })
      }
      const tokensIn = agent === "echo" || agent === "oracle" ? null : Math.round(5_000 + rand() * 195_000)
      const tokensOut = tokensIn === null ? null : Math.round(tokensIn * (0.02 + rand() * 0.08))
      const cost = tokensIn === null ? (agent === "oracle" ? 0 : null) : price === null ? null : (tokensIn * price + tokensOut! * price * 5) / 1e6
      insertTelemetry.run(runId, Math.floor(rand() * 60), tokensIn, tokensOut,
        tokensIn === null ? null : Math.round(tokensIn * 0.6), tokensIn === null ? null : Math.round(tokensIn * 0.1), cost,
        scored ? 0.002 : null, scored ? 3_000 : null, scored ? 300 : null, durationMs, `/tmp/ze-workspaces/${runId}`, prompt)
      if (i === 0) {
        for (const [name, type, content] of [["commands.log", "text/plain", commandsArtifact], ["diff.patch", "text/x-diff", diffArtifact], ["transcript.json", "application/json", transcriptArtifact]] as const) {
          insertArtifact.run(runId, name, type, content, Buffer.byteLength(content), Buffer.byteLength(content), now)
        }
        ids.push({ batchId, firstRun: runId })
      }
    })
    completeBatch.run(completedAt, completedAt, batchId)
  })
  for (let b = 0; b < batches; b++) writeBatch(b)
  // The rows went in below the API, so the rollups it keeps in each write are filled as the rollup migration fills
  // them for a store that already holds runs.
  for (const file of migrations) {
    const statements = splitSqlStatements(readFileSync(join(migrationsDirectory, file), "utf8"))
    for (const statement of statements.filter((text) => /^INSERT INTO (run_rollups|evaluation_rollups|run_days)\b/.test(text))) {
      db.exec(statement)
    }
  }
  db.close()
  return {
    runs,
    seedMs: performance.now() - started,
    newestBatch: ids.at(-1)!.batchId,
    previousBatch: ids.at(-2)!.batchId,
    runWithArtifacts: ids.at(-1)!.firstRun,
    agent: groups[0]![0]
  }
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
  if (response.status !== 200 || body.byteLength === 0) throw new Error(`GET ${path}: ${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`)
  return { path, ms: performance.now() - started, bytes: body.byteLength }
}

interface Timings {
  /** Per page: its requests sent together, until the last body is read. */
  readonly pages: Map<string, { readonly ms: number; readonly bytes: number }>
  /** Per distinct request, sent alone: which query a slow page waits on (they share one SQLite connection). */
  readonly requests: Map<string, number>
}

const rounds = 7

/** One warm-up round, then `rounds` rounds that visit every page in turn, then each request alone; medians. */
const timePages = async (handler: Handler["handler"], pages: ReadonlyArray<readonly [string, ReadonlyArray<string>]>): Promise<Timings> => {
  const all = [[baselinePage, ["/health"]] as const, ...pages]
  const distinct = [...new Set(all.flatMap(([, requests]) => requests))]
  const pageSamples = new Map<string, Array<number>>()
  const requestSamples = new Map<string, Array<number>>()
  const bytes = new Map<string, number>()
  const record = (samples: Map<string, Array<number>>, key: string, value: number) => samples.set(key, [...(samples.get(key) ?? []), value])
  for (let round = -1; round < rounds; round++) {
    for (const [page, requests] of all) {
      const started = performance.now()
      const answers = await Promise.all(requests.map((path) => get(handler, path)))
      const elapsed = performance.now() - started
      if (round < 0) continue
      record(pageSamples, page, elapsed)
      bytes.set(page, answers.reduce((total, answer) => total + answer.bytes, 0))
    }
    for (const path of distinct) {
      const answer = await get(handler, path)
      if (round >= 0) record(requestSamples, path, answer.ms)
    }
  }
  return {
    pages: new Map(all.map(([page]) => [page, { ms: median(pageSamples.get(page)!), bytes: bytes.get(page)! }])),
    requests: new Map(distinct.map((path) => [path, median(requestSamples.get(path)!)]))
  }
}

const pageGoalMs = 100
const label = (path: string) => path.replace(/run-[0-9a-f]{32}/, ":id").replace(/batch-\d+-[0-9a-z]{9}/g, ":id")

const timingReport = (small: Seeded, large: Seeded, at10k: Timings, at100k: Timings) => {
  const pageRows = [...at100k.pages.keys()].map((page) => {
    const a = at10k.pages.get(page)!
    const b = at100k.pages.get(page)!
    return [page, ms(a.ms), ms(b.ms), `${(b.ms / a.ms).toFixed(1)}×`, b.ms <= pageGoalMs ? "PASS" : "FAIL", kib(b.bytes)]
  })
  const requestRows = [...at100k.requests.entries()].map(([path, b]) => {
    const a = [...at10k.requests.entries()].find(([other]) => label(other) === label(path))![1]
    return [`GET ${label(path)}`, ms(a), ms(b), `${(b / a).toFixed(1)}×`]
  })
  const missed = [...at100k.pages.entries()].filter(([page, t]) => page !== baselinePage && t.ms > pageGoalMs).map(([page]) => page)
  return [
    `### Dashboard pages: API time of each page's first view (in-process handler over SQLite, median of ${rounds} rounds after a warm-up)`,
    "",
    `Stores: ${small.runs.toLocaleString("en")} runs seeded in ${ms(small.seedMs / 1000)} s, ${large.runs.toLocaleString("en")} runs in ${ms(large.seedMs / 1000)} s ` +
      `(${runsPerBatch} runs a batch, ${groups.length} agent×model groups, ${scenarios.length} scenarios, ${tiers.length} tiers, ${evaluators.length} evaluations a scored run, telemetry on every run).`,
    "",
    table(["page (requests together)", "10k ms", "100k ms", "growth", `≤ ${pageGoalMs} ms at 100k`, "100k KiB"], pageRows),
    "",
    missed.length === 0 ? `Every page meets ${pageGoalMs} ms at 100k runs.` : `Over ${pageGoalMs} ms at 100k runs: ${missed.join(", ")}.`,
    "",
    "Each request alone (the pages above wait on these; one SQLite connection runs them one after another):",
    "",
    table(["request", "10k ms", "100k ms", "growth"], requestRows)
  ].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------

const directory = mkdtempSync(join(tmpdir(), "ze-bench-dashboard-"))
let large: Handler | undefined

beforeAll(async () => {
  const builder = await import(pathToFileURL(join(root, "scripts", "build-dashboard.mjs")).href) as {
    ensureDashboard: (options?: { log?: (line: string) => void }) => Promise<string>
  }
  const status = await builder.ensureDashboard({ log: (line) => console.log(line) })
  if (status === "failed" || status === "no-sources") throw new Error(`the dashboard build is ${status}`)
  console.log(sizeReport(measureSizes()))

  const small = seed(join(directory, "runs-10k.db"), 10_000)
  const smallHandler = makeInProcessHandler({ filename: join(directory, "runs-10k.db") })
  const at10k = await timePages(smallHandler.handler, pagesOf(small))
  await smallHandler.dispose()

  const big = seed(join(directory, "runs-100k.db"), 100_000)
  large = makeInProcessHandler({ filename: join(directory, "runs-100k.db") })
  const at100k = await timePages(large.handler, pagesOf(big))
  console.log(timingReport(small, big, at10k, at100k))
}, 240_000)

afterAll(async () => {
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
