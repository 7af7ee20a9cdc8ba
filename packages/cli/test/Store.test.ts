import { describe, expect, it } from "@effect/vitest"
import { BatchDetail, EvaluatorStats, GlobalStats, GroupStats, RunDetail } from "@ze/domain"
import { Schema } from "effect"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { BatchListDocument, RunListDocument } from "../src/Documents.js"
import { seedStore } from "./support/Seed.js"
import { tempDirectory, ze } from "./support/Ze.js"

const cwd = tempDirectory()
const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: cwd.directory })
const json = async <A, I>(schema: Schema.Schema<A, I>, args: ReadonlyArray<string>) => {
  const result = await run(...args, "--format", "json")
  expect(result.stderr).toBe("")
  expect(result.code).toBe(0)
  return Schema.decodeUnknownSync(schema)(JSON.parse(result.stdout))
}

beforeAll(async () => {
  mkdirSync(join(cwd.directory, ".ze"))
  await seedStore(join(cwd.directory, ".ze", "ze.db"))
})
afterAll(cwd.remove)

describe.concurrent("ze against the embedded store (.ze/ze.db in the current directory)", () => {
  it("runs list prints a table of the newest runs", async () => {
    const result = await run("runs", "list")
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split("\n")
    expect(lines[0]).toMatch(/RUN\s+SCENARIO\s+TIER\s+AGENT\s+STATUS\s+SCORE/)
    expect(lines.slice(2).map((line) => line.split(/\s+/)[1])).toEqual(["run-b1", "run-a3", "run-a2", "run-a1"])
    expect(result.stdout).toContain("anthropic (claude-x)")
  })

  it("runs list --format json is one RunListDocument, filters applied, paging by cursor", async () => {
    const failed = await json(RunListDocument, ["runs", "list", "--batch", "batch-a", "--status", "failed"])
    expect(failed.runs.map((r) => r.runId)).toEqual(["run-a2"])
    const first = await json(RunListDocument, ["runs", "list", "--limit", "3"])
    expect(first.runs).toHaveLength(3)
    expect(first.nextCursor).not.toBeNull()
    const rest = await json(RunListDocument, ["runs", "list", "--limit", "3", "--cursor", first.nextCursor!])
    expect(rest.runs.map((r) => r.runId)).toEqual(["run-a1"])
    expect(rest.nextCursor).toBeNull()
  })

  it("runs show prints the run, its evaluations, telemetry and failure reason", async () => {
    const table = await run("runs", "show", "run-a2")
    expect(table.code).toBe(0)
    for (
      const text of [
        "run-a2",
        "demo/add-function",
        "failed",
        "tests failed: 2 of 5",
        "commands",
        "heuristics",
        "Tool calls"
      ]
    ) {
      expect(table.stdout).toContain(text)
    }
    const detail = await json(RunDetail, ["runs", "show", "run-a2"])
    expect(detail.run.failureReason).toBe("tests failed: 2 of 5")
    expect(detail.evaluations.map((e) => e.evaluatorName).sort()).toEqual(["commands", "heuristics"])
  })

  it("runs show of an unknown run exits 2 with the reason", async () => {
    const result = await run("runs", "show", "no-such-run")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Run not found: no-such-run")
    expect(result.stdout).toBe("")
  })

  it("batches list and show", async () => {
    const list = await json(BatchListDocument, ["batches", "list"])
    expect(list.batches.map((b) => [b.batchId, b.totalRuns, b.successfulRuns])).toEqual([["batch-b", 1, 1], [
      "batch-a",
      3,
      1
    ]])
    const table = await run("batches", "show", "batch-a")
    expect(table.code).toBe(0)
    for (
      const text of [
        "Average score by scenario and agent",
        "By agent",
        "Evaluators",
        "infra_error",
        "workspace: disk full"
      ]
    ) {
      expect(table.stdout).toContain(text)
    }
    const detail = await json(BatchDetail, ["batches", "show", "batch-a"])
    expect(detail.runs).toHaveLength(3)
    expect(detail.aggregates.byAgentModel.map((g) => g.agent).sort()).toEqual(["anthropic", "echo"])
  })

  it("stats: global, by agent and by evaluator, with filters", async () => {
    const global = await json(GlobalStats, ["stats"])
    expect(global.totalRuns).toBe(4)
    expect(global.successfulRuns).toBe(2)
    const byAgent = await json(Schema.Array(GroupStats), ["stats", "--by", "agent", "--batch", "batch-a"])
    expect(byAgent.map((g) => [g.agent, g.runs]).sort()).toEqual([["anthropic", 1], ["echo", 2]])
    const byEvaluator = await json(Schema.Array(EvaluatorStats), ["stats", "--by", "evaluator"])
    expect(byEvaluator.map((e) => e.evaluatorName).sort()).toEqual(["commands", "heuristics"])
    const table = await run("stats", "--by", "scenario")
    expect(table.stdout).toMatch(/SUITE\s+SCENARIO\s+RUNS/)
    expect(table.stdout).toContain("fix-bug")
    const bySpecialist = await run("stats", "--by", "specialist")
    expect(bySpecialist.stdout).toMatch(/SPECIALIST\s+RUNS/)
    expect(bySpecialist.stdout).toMatch(/none\s+4/)
  })

  it("export writes json, csv, junit and markdown", async () => {
    const detail = await json(BatchDetail, ["export", "batch-a"])
    expect(detail.batchId).toBe("batch-a")
    const csv = await run("export", "batch-a", "--format", "csv")
    const rows = csv.stdout.trimEnd().split("\r\n")
    expect(rows[0]!.startsWith("runId,batchId,suite,scenario,tier,agent,model,repeat,status")).toBe(true)
    expect(rows).toHaveLength(4)
    expect(csv.stdout).toContain("\"workspace: disk full, \"\"quoted\"\"\"")
    const out = join(cwd.directory, "results.xml")
    const junit = await run("export", "batch-a", "--format", "junit", "--out", out)
    expect(junit.code).toBe(0)
    const xml = readFileSync(out, "utf8")
    expect(xml).toContain("<testsuite name=\"batch-a\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\"")
    expect(xml).toContain("<failure message=\"tests failed: 2 of 5\" type=\"failed\">")
    expect(xml).toContain("&quot;quoted&quot;")
    const markdown = await run("export", "batch-a", "--format", "markdown")
    expect(markdown.stdout).toContain("## ze batch `batch-a`")
    expect(markdown.stdout).toContain("| anthropic (claude-x) | 1 | 0 (0.0%) | 3.00 |")
  })

  it("upstream flags keep working: --history, bench --batches, --batch-details, --evaluators", async () => {
    const history = await json(RunListDocument, ["--history", "2"])
    expect(history.runs).toHaveLength(2)
    const batches = await json(BatchListDocument, ["bench", "--batches"])
    expect(batches.batches).toHaveLength(2)
    const details = await json(BatchDetail, ["--batch-details", "batch-b"])
    expect(details.runs.map((r) => r.runId)).toEqual(["run-b1"])
    const evaluators = await json(Schema.Array(EvaluatorStats), ["--evaluators"])
    expect(evaluators.length).toBe(2)
  })
})

describe.concurrent("choosing the store", () => {
  it("reads from a missing store show nothing and create no file", async () => {
    const empty = tempDirectory()
    try {
      const result = await ze(["runs", "list"], { cwd: empty.directory })
      expect(result.code).toBe(0)
      expect(result.stdout).toContain("No runs.")
      expect(existsSync(join(empty.directory, ".ze"))).toBe(false)
    } finally {
      empty.remove()
    }
  })

  it("--db, ZE_DB and ZE_DB from .env select another file", async () => {
    const other = tempDirectory()
    try {
      await seedStore(join(other.directory, "other.db"), [
        { runId: "elsewhere", suite: "s", scenario: "c", tier: "L0", agent: "echo", status: "passed" }
      ], [])
      const viaFlag = await ze(["runs", "list", "--db", "other.db", "--format", "json"], { cwd: other.directory })
      expect(Schema.decodeUnknownSync(RunListDocument)(JSON.parse(viaFlag.stdout)).runs.map((r) => r.runId)).toEqual([
        "elsewhere"
      ])
      const viaEnv = await ze(["runs", "list"], { cwd: other.directory, env: { ZE_DB: "other.db" } })
      expect(viaEnv.stdout).toContain("elsewhere")
      writeFileSync(join(other.directory, ".env"), "# upstream-style file\nZE_DB=other.db\n")
      const viaDotEnv = await ze(["runs", "list"], { cwd: other.directory })
      expect(viaDotEnv.stdout).toContain("elsewhere")
      const flagWins = await ze(["runs", "list", "--db", "missing.db"], { cwd: other.directory })
      expect(flagWins.code).toBe(2)
      expect(flagWins.stderr).toContain("No store at missing.db")
    } finally {
      other.remove()
    }
  })

  it("an unreachable server is a configuration error (exit 2) with a hint", async () => {
    const result = await ze(["runs", "list"], {
      cwd: cwd.directory,
      env: { ZE_BENCHMARKS_WORKER_URL: "http://127.0.0.1:9", ZE_CLIENT_RETRIES: "0" }
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Cannot reach http://127.0.0.1:9")
    expect(result.stderr).toContain("ze serve")
  })
})
