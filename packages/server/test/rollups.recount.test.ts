import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { seededRandom } from "@ze/domain"
import { Effect, ManagedRuntime, Option, Redacted } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { makeInProcessHandler } from "../src/inProcess.js"
import { migrationsDirectory, rollupBackfill } from "../src/Migrations.js"
import { splitSqlStatements } from "../src/SqlScript.js"
import { rollupDifferences } from "./proof/Digest.js"

const key = "recount-key"
const directory = mkdtempSync(join(tmpdir(), "ze-rollups-"))
const filename = join(directory, "ze.db")
const server = makeInProcessHandler({ filename, settings: { writeKey: Option.some(Redacted.make(key)) } })
afterAll(async () => {
  await server.dispose()
  rmSync(directory, { recursive: true, force: true })
})

const call = async (path: string, body?: unknown) => {
  const response = await server.handler(
    new Request(
      `http://ze.test${path}`,
      body === undefined ? {} : {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(body)
      }
    )
  )
  expect(response.status, `${path}: ${response.status}`).toBeLessThan(300)
  return response.json() as Promise<unknown>
}

const statuses = ["passed", "failed", "agent_error", "infra_error", "timeout", "cancelled", "completed"] as const

/** A seeded mix of runs: some models missing, some telemetry missing or unpriced, evaluations of every status. */
const makeRun = (random: () => number, index: number) => {
  const pick = <A>(values: ReadonlyArray<A>) => values[Math.floor(random() * values.length)]!
  const status = pick(statuses)
  const scored = random() < 0.85
  return {
    runId: `run-${index}`,
    batchId: `batch-${index % 7}`,
    suite: pick(["demo", "other"]),
    scenario: pick(["a", "b", "c"]),
    tier: pick(["L0", "L1"]),
    agent: pick(["echo", "oracle", "model-agent"]),
    model: pick([null, "m-1", "m-2"]),
    ...(random() < 0.3 ? { specialistEnabled: true, specialistName: pick(["fizz", "buzz"]) } : {}),
    status,
    isSuccessful: status === "passed" || (status === "completed" && random() < 0.5),
    startedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(random() * 20), 12)).toISOString(),
    weightedScore: scored ? Math.round(random() * 1000) / 100 : null,
    totalScore: scored ? Math.round(random() * 100) / 100 : null,
    evaluations: Array.from({ length: Math.floor(random() * 4) }, (_, e) => {
      const maxScore = pick([1, 1, 0])
      return {
        evaluatorName: `evaluator-${e}`,
        score: Math.round(random() * 10 * maxScore) / 10,
        maxScore,
        status: pick(["ok", "ok", "skipped", "error"] as const)
      }
    }),
    ...(random() < 0.8
      ? {
        telemetry: {
          durationMs: random() < 0.9 ? Math.round(random() * 10_000) : null,
          costUsd: random() < 0.7 ? Math.round(random() * 10_000) / 10_000 : null,
          judgeCostUsd: random() < 0.3 ? 0.001 : null,
          tokensIn: Math.floor(random() * 1000),
          tokensOut: Math.floor(random() * 500),
          cacheReadTokens: random() < 0.5 ? 10 : null
        }
      }
      : {})
  }
}

/** Numbers that summed in another order may differ in their last bits; everything else must be equal. */
const close = (actual: unknown, expected: unknown, path = "$"): void => {
  if (typeof expected === "number" && typeof actual === "number") {
    expect(actual, path).toBeCloseTo(expected, 9)
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true)
    expect((actual as Array<unknown>).length, path).toBe(expected.length)
    expected.forEach((item, i) => close((actual as Array<unknown>)[i], item, `${path}[${i}]`))
  } else if (typeof expected === "object" && expected !== null) {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort())
    for (const [name, value] of Object.entries(expected)) {
      close((actual as Record<string, unknown>)[name], value, `${path}.${name}`)
    }
  } else {
    expect(actual, path).toEqual(expected)
  }
}

type BatchRun = {
  status: string
  isSuccessful: boolean
  totalScore: number | null
  weightedScore: number | null
  durationMs: number | null
  costUsd: number | null
}

const meanOf = (values: ReadonlyArray<number | null>) => {
  const present = values.filter((value): value is number => value !== null)
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length
}

/** Every batch of the list, its aggregates (kept per batch in each write) against a count of its runs in the detail. */
const expectBatchesAsTheirRuns = async () => {
  const batches = await call("/api/batches?limit=100") as Array<Record<string, unknown>>
  expect(batches.length).toBeGreaterThanOrEqual(8)
  for (const batch of batches) {
    const { runs } = await call(`/api/batches/${batch["batchId"]}`) as { runs: ReadonlyArray<BatchRun> }
    const successful = runs.filter((run) => run.isSuccessful).length
    const durations = runs.flatMap((run) => run.durationMs === null ? [] : [run.durationMs])
    close({
      totalRuns: batch["totalRuns"],
      successfulRuns: batch["successfulRuns"],
      failedRuns: batch["failedRuns"],
      avgScore: batch["avgScore"],
      avgWeightedScore: batch["avgWeightedScore"],
      totalRunDurationMs: batch["totalRunDurationMs"],
      unpricedRuns: batch["unpricedRuns"]
    }, {
      totalRuns: runs.length,
      successfulRuns: successful,
      failedRuns: runs.filter((run) => run.status !== "running").length - successful,
      avgScore: meanOf(runs.map((run) => run.totalScore)),
      avgWeightedScore: meanOf(runs.map((run) => run.weightedScore)),
      totalRunDurationMs: durations.length === 0 ? null : durations.reduce((sum, value) => sum + value, 0),
      unpricedRuns: runs.filter((run) => run.costUsd === null).length
    }, `batch ${batch["batchId"]}`)
  }
}

/**
 * A time range that holds every run makes the server recount from the runs; without one it reads the rollups
 * kept in each write. After inserts, re-submits that move runs between cells and days, the two must agree.
 */
const everything = "from=2000-01-01T00:00:00.000Z"
const reads = [
  "/api/stats",
  "/api/stats/agents",
  "/api/stats/models",
  "/api/stats/agent-models",
  "/api/stats/agent-model-tiers",
  "/api/stats/suites",
  "/api/stats/scenarios",
  "/api/stats/tiers",
  "/api/stats/specialists",
  "/api/stats/evaluators",
  "/api/stats/cost"
]
const filters = [
  "",
  "suite=demo",
  "agent=oracle&model=m-1",
  "status=failed",
  "tier=L1&scenario=b",
  "model=m-2&agent=echo",
  "specialist=fizz",
  "specialist=none&agent=oracle"
]

describe("rollups kept in each write answer exactly what a recount of the runs does", () => {
  it(
    "after 400 submissions, 150 of them re-submits that change cell, status, day, scores, telemetry and evaluations",
    async () => {
      const random = seededRandom(20_261_201)
      for (let i = 0; i < 250; i++) await call("/api/results", makeRun(random, i))
      for (let i = 0; i < 150; i++) {
        const run = makeRun(random, Math.floor(random() * 250))
        // Some re-submits move the run to another batch, or out of every batch.
        const moved = random()
        await call(
          "/api/results",
          moved < 0.15 ? { ...run, batchId: "batch-moved" } : moved < 0.25 ? { ...run, batchId: undefined } : run
        )
      }
      for (const path of reads) {
        for (const filter of filters) {
          const rolled = await call(`${path}?${filter}`)
          const recounted = await call(`${path}?${filter}${filter === "" ? "" : "&"}${everything}`)
          close(rolled, recounted, `${path}?${filter}`)
        }
      }
      await expectBatchesAsTheirRuns()
      const overview = await call("/api/dashboard/overview") as Record<string, unknown>
      const recountedOverview = await call(`/api/dashboard/overview?${everything}`) as Record<string, unknown>
      for (const part of ["stats", "scoreDistribution", "trend", "topAgentModels"]) {
        close(
          overview[part],
          recountedOverview[part],
          part
        )
      }
      const total = (await call("/api/stats") as { totalRuns: number }).totalRuns
      expect(total).toBe(250)
      const priced = (n: number, passed: boolean) => ({
        runId: `priced-${n}`,
        suite: "demo",
        scenario: "a",
        tier: "L0",
        agent: "priced-agent",
        model: "m-9",
        status: passed ? "passed" : "failed",
        weightedScore: passed ? 9 : 3,
        telemetry: { costUsd: 0.25, judgeCostUsd: 0.05 }
      })
      for (const [n, passed] of [[1, true], [2, true], [3, false]] as const) {
        await call(
          "/api/results",
          priced(n, passed)
        )
      }
      const pricedRow =
        (await call("/api/stats/cost?agent=priced-agent") as { byAgentModel: Array<Record<string, unknown>> })
          .byAgentModel
      expect(pricedRow).toEqual([
        expect.objectContaining({ successfulRuns: 2, avgScore: 7, costPerPassedRun: expect.closeTo(0.45, 9) })
      ])
      type Group = {
        agent: string
        model: string | null
        specialist?: string | null
        successfulRuns: number
        avgScore: number | null
      }
      type Cost = Group & { costPerPassedRun: number | null; unpricedRuns: number; totalCostUsd: number }
      const groups = await call("/api/stats/agent-models") as Array<Group>
      for (const row of (await call("/api/stats/cost") as { byAgentModel: Array<Cost> }).byAgentModel) {
        // Both answers keep a specialist apart from the agent it wraps.
        const group = groups.find((g) =>
          g.agent === row.agent && g.model === row.model && (g.specialist ?? null) === (row.specialist ?? null)
        )!
        expect(row.successfulRuns).toBe(group.successfulRuns)
        close(row.avgScore, group.avgScore)
        expect(row.costPerPassedRun).toEqual(
          row.unpricedRuns > 0 || row.successfulRuns === 0
            ? null
            : expect.closeTo(row.totalCostUsd / row.successfulRuns, 9)
        )
      }
    },
    120_000
  )

  it("the migration that creates the rollups fills them from existing runs with the same rows the writes keep", async () => {
    const backfill = [...rollupBackfill().values()]
    expect(backfill).toHaveLength(4)
    const runtime = ManagedRuntime.make(SqliteClient.layer({ filename }))
    const snapshot = Effect.flatMap(SqlClient.SqlClient, (sql) =>
      Effect.all([
        sql`SELECT * FROM run_rollups ORDER BY suite, scenario, tier, agent, model, model_is_null, status, specialist`,
        sql`SELECT * FROM evaluation_rollups ORDER BY evaluator_name, suite, scenario, tier, agent, model, model_is_null, status, specialist`,
        sql`SELECT * FROM run_days ORDER BY day`,
        sql`SELECT * FROM batch_rollups ORDER BY batchId`
      ]))
    try {
      const kept = await runtime.runPromise(snapshot)
      expect(kept[0].length).toBeGreaterThan(20)
      await runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) =>
        Effect.gen(function*() {
          yield* sql`DELETE FROM run_rollups`
          yield* sql`DELETE FROM evaluation_rollups`
          yield* sql`DELETE FROM run_days`
          yield* sql`DELETE FROM batch_rollups`
          for (const statement of backfill) yield* sql.unsafe(statement)
        })))
      close(await runtime.runPromise(snapshot), kept)
    } finally {
      await runtime.dispose()
    }
  })

  it("a store written before the rollups were clustered is upgraded: the same rows, recounted from its runs", async () => {
    // Runs of its own, so that it holds some when run alone too.
    const random = seededRandom(20_261_202)
    for (let i = 0; i < 20; i++) await call("/api/results", makeRun(random, 1_000 + i))
    const runtime = ManagedRuntime.make(SqliteClient.layer({ filename }))
    const rows = (statement: string) =>
      runtime.runPromise(
        Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe<Record<string, unknown>>(statement))
      )
    const layouts = async () =>
      (await rows(
        "SELECT name, sql FROM sqlite_master WHERE name IN ('run_rollups', 'evaluation_rollups') ORDER BY name"
      )).map((row) => [row["name"], /WITHOUT ROWID\s*$/.test(String(row["sql"]))])
    try {
      // Back to the store as migration 0005 left it: rowid tables keyed by suite first, and no record of 0006.
      const previous = readFileSync(join(migrationsDirectory, "0005_rollups_by_specialist.sql"), "utf8")
      for (const statement of splitSqlStatements(previous)) await rows(statement)
      await rows("DROP TABLE batch_rollups")
      await rows("DELETE FROM ze_migrations WHERE migration_id >= 6")
      expect(await layouts()).toEqual([["evaluation_rollups", false], ["run_rollups", false]])
      const before = await rows("SELECT COUNT(*) AS n FROM run_rollups")

      const reopened = makeInProcessHandler({ filename })
      try {
        const stats = await reopened.handler(new Request("http://ze.test/api/stats"))
        expect(stats.status).toBe(200)
      } finally {
        await reopened.dispose()
      }
      expect(await layouts()).toEqual([["evaluation_rollups", true], ["run_rollups", true]])
      expect(await rows("SELECT COUNT(*) AS n FROM run_rollups")).toEqual(before)
      expect(await rollupDifferences(rows)).toEqual([])
    } finally {
      await runtime.dispose()
    }
  })
})
