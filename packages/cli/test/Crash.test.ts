import { SqlClient } from "@effect/sql"
import { SANDBOX_VARIABLE, taggedProcesses } from "@ze/harness"
import { SqliteStorage } from "@ze/server"
import { Effect } from "effect"
import { existsSync, mkdirSync, readdirSync, watch } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { makeSuites, scenarioYaml } from "./support/Suites.js"
import { spawnZe, stop, tempDirectory, ze } from "./support/Ze.js"

/** mulberry32: the kill points come from a seed, so a failure reproduces. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const SEED = 14
const CELLS = 8
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const finishedLines = (output: string) => (output.match(/^[✓✗] /gm) ?? []).length

/** When to SIGKILL `ze bench`, once it has printed `after` finished runs. */
type KillPoint =
  | { readonly kind: "delay"; readonly after: number; readonly ms: number }
  | { readonly kind: "writing"; readonly after: number }
  | { readonly kind: "command"; readonly after: number }

const describePoint = (point: KillPoint) =>
  point.kind === "delay"
    ? `${point.ms} ms after run ${point.after}`
    : point.kind === "writing"
    ? `while the store's WAL is written, after run ${point.after}`
    : `while a validation command runs, after run ${point.after}`

/**
 * Starts `ze bench` and kills it at the point: after a delay, at the first write to the store's WAL file (a result
 * being written), or as soon as a command runs for one of its workspaces.
 */
const runAndKill = async (cwd: string, args: ReadonlyArray<string>, point: KillPoint, workspaces: string) => {
  const bench = spawnZe(args, { cwd, env: { ZE_SUITES_DIR: join(cwd, "suites") } })
  const deadline = Date.now() + 90_000
  while (finishedLines(bench.output()) < point.after && bench.child.exitCode === null && Date.now() < deadline) {
    await sleep(10)
  }
  if (point.kind === "delay") await sleep(point.ms)
  // Whether the point was reached while ze still ran (else the kill would prove nothing).
  let reached = false
  if (point.kind === "writing") {
    reached = await new Promise<boolean>((resolve) => {
      const watcher = watch(join(cwd, ".ze"), (_, file) => {
        if (file !== "ze.db-wal") return
        bench.child.kill("SIGKILL")
        watcher.close()
        resolve(true)
      })
      void bench.exited.then(() => {
        watcher.close()
        resolve(false)
      })
    })
  }
  if (point.kind === "command") {
    while (taggedProcesses(SANDBOX_VARIABLE, workspaces, "prefix").length === 0 && bench.child.exitCode === null) {
      await sleep(5)
    }
  }
  if (point.kind !== "writing") reached = bench.child.exitCode === null
  bench.child.kill("SIGKILL")
  await stop(bench.child, bench.exited)
  return { output: bench.output(), signal: bench.child.signalCode, reached }
}

/** What a recount of the store finds: SQLite's own check, foreign keys, duplicates and rollups against the rows. */
const inspectStore = (filename: string, batchId: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const integrity = yield* sql<{ integrity_check: string }>`PRAGMA integrity_check`
    const foreignKeys = yield* sql`PRAGMA foreign_key_check`
    const runs = yield* sql<{ run_id: string; status: string; repeat_index: number }>`
      SELECT run_id, status, repeat_index FROM benchmark_runs WHERE batchId = ${batchId}`
    const duplicateEvaluations = yield* sql`
      SELECT run_id, evaluator_name FROM evaluation_results GROUP BY run_id, evaluator_name HAVING COUNT(*) > 1`
    const rollupMismatches = yield* sql`
      SELECT r.suite, r.scenario, r.tier, r.agent, r.status FROM run_rollups r
      LEFT JOIN (SELECT suite, scenario, tier, agent, status, COUNT(*) AS n FROM benchmark_runs
                 GROUP BY suite, scenario, tier, agent, status) c
      USING (suite, scenario, tier, agent, status)
      WHERE r.runs != COALESCE(c.n, 0)`
    const days = yield* sql<{ rollup: number; recount: number }>`
      SELECT (SELECT COALESCE(SUM(runs), 0) FROM run_days) AS rollup, (SELECT COUNT(*) FROM benchmark_runs) AS recount`
    const batch = yield* sql<
      { completedAt: number | null }
    >`SELECT completedAt FROM batch_runs WHERE batchId = ${batchId}`
    return { integrity, foreignKeys, runs, duplicateEvaluations, rollupMismatches, days: days[0], batch }
  }).pipe(Effect.provide(SqliteStorage(filename, "read")), Effect.runPromise)

describe("ze bench killed mid-batch", () => {
  it(
    `SIGKILL at seeded points (seed ${SEED}), then --resume: one final result per cell, nothing left behind, a sound store`,
    async () => {
      const temp = tempDirectory("ze-crash-")
      try {
        const cwd = temp.directory
        // The validation command leaves a process in its group and takes a moment: a kill mid-command strands both.
        makeSuites(cwd, {
          crash: { yaml: scenarioYaml("crash").replace("node -e 'process.exit(0)'", "sleep 300 & sleep 0.3; exit 1") }
        })
        const workspaces = join(cwd, ".ze", "workspaces")
        mkdirSync(workspaces, { recursive: true })
        const random = seeded(SEED)
        const points: ReadonlyArray<KillPoint> = [
          { kind: "command", after: 0 },
          { kind: "delay", after: 1, ms: Math.floor(random() * 400) },
          { kind: "writing", after: 1 + Math.floor(random() * 2) },
          { kind: "command", after: 1 }
        ]
        const first = ["bench", "lab", "--agent", "echo", "--repeat", String(CELLS), "--batch", "crash", "--quiet"]
        for (const [index, point] of points.entries()) {
          const killed = await runAndKill(
            cwd,
            index === 0 ? first : ["bench", "--resume", "crash", "--quiet"],
            point,
            workspaces
          )
          expect(killed.reached, `${describePoint(point)}:\n${killed.output}`).toBe(true)
          expect(killed.signal, `${describePoint(point)}:\n${killed.output}`).toBe("SIGKILL")
          if (point.kind === "command") {
            // What a killed ze leaves: its workspace and the command running in it (until the next bench clears them).
            expect(readdirSync(workspaces).length, describePoint(point)).toBeGreaterThan(0)
            expect(taggedProcesses(SANDBOX_VARIABLE, workspaces, "prefix").length, describePoint(point))
              .toBeGreaterThan(0)
          }
          // The store opens after every kill: a write cut short is rolled back whole, never half-stored.
          const store = await inspectStore(join(cwd, ".ze", "ze.db"), "crash")
          expect(store.integrity, describePoint(point)).toEqual([{ integrity_check: "ok" }])
          expect(store.rollupMismatches, describePoint(point)).toEqual([])
        }
        const resumed = await ze(["bench", "--resume", "crash", "--quiet"], {
          cwd,
          env: { ZE_SUITES_DIR: join(cwd, "suites") }
        })
        expect(resumed.code, resumed.stderr).toBe(0)
        expect(resumed.stderr + resumed.stdout).toContain("left by a ze process that was killed")

        const store = await inspectStore(join(cwd, ".ze", "ze.db"), "crash")
        expect(store.integrity).toEqual([{ integrity_check: "ok" }])
        expect(store.foreignKeys).toEqual([])
        expect(store.duplicateEvaluations).toEqual([])
        expect(store.rollupMismatches).toEqual([])
        expect(store.days).toEqual({ rollup: CELLS, recount: CELLS })
        expect(store.runs).toHaveLength(CELLS)
        expect(new Set(store.runs.map((r) => r.repeat_index)).size).toBe(CELLS)
        // echo changes nothing, so each cell's one final result is `failed`.
        expect(store.runs.map((r) => r.status)).toEqual(Array.from({ length: CELLS }, () => "failed"))
        expect(store.batch).toEqual([{ completedAt: expect.any(Number) }])
        // Nothing left behind: no workspace, no owner file, no process that ran for one.
        expect(readdirSync(workspaces)).toEqual([])
        expect(taggedProcesses(SANDBOX_VARIABLE, workspaces, "prefix")).toEqual([])
        expect(existsSync(join(cwd, ".ze", "spool"))).toBe(false)
      } finally {
        temp.remove()
      }
    },
    240_000
  )
})
