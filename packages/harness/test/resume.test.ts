import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Deferred, Effect, Fiber } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { echoAgent, loadSuites, noUsage, runBatch } from "../src/index.js"
import type { Agent } from "../src/index.js"
import { entriesOf, suitesRoot, tempDir, withHarness } from "./support.js"

/** Like echo, but takes a second: long enough to be interrupted mid-run. */
const slowAgent: Agent = {
  ...echoAgent,
  name: "slow",
  run: (input) => Effect.zipRight(Effect.sleep("1 second"), echoAgent.run(input))
}

/** Starts a background process that records its pid, then waits for it forever. */
const stuckAgent = (pidFile: string): Agent => ({
  ...echoAgent,
  name: "stuck",
  run: (input) =>
    input.tools.runCommand(`sleep 300 & echo $! > ${pidFile}; wait`).pipe(
      Effect.as({ finalText: "never", usage: noUsage }),
      Effect.orDie
    )
})

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"))
  } catch {
    return false
  }
}

const runsOf = (batchId: string) =>
  Effect.flatMap(ZeClient, (client) => client.runs.list({ urlParams: { batchId, limit: 100 } }))
const batchOf = (batchId: string) => Effect.flatMap(ZeClient, (client) => client.batches.get({ path: { batchId } }))

describe("interrupt, resume, timeout and shards", () => {
  it.live(
    "an interrupted batch stores the running cell as cancelled; resume adds exactly one result per cell",
    () =>
      withHarness((workspacesDir) =>
        Effect.gen(function*() {
          const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["demo"] })
          const options = {
            batchId: "batch-resume",
            matrix: { scenarios, tiers: ["L1"], agents: [{ agent: "slow", model: null }] }
          }
          const firstDone = yield* Deferred.make<void>()
          const fiber = yield* Effect.fork(
            runBatch(
              options,
              (event) => (event._tag === "CellFinished" ? Deferred.succeed(firstDone, undefined) : Effect.void)
            )
          )
          yield* Deferred.await(firstDone)
          yield* Effect.sleep("300 millis")
          yield* Fiber.interrupt(fiber)
          expect((yield* runsOf("batch-resume")).map((r) => r.status).sort()).toEqual(["cancelled", "failed"])
          expect(entriesOf(workspacesDir)).toEqual([])
          expect((yield* batchOf("batch-resume")).status).toBe("running")

          const summary = yield* runBatch({ ...options, resume: true })
          expect(summary.alreadyDone).toBe(1)
          expect(summary.results).toHaveLength(scenarios.length - 1)
          expect(summary.complete).toBe(true)
          const runs = yield* runsOf("batch-resume")
          expect(runs).toHaveLength(scenarios.length)
          expect(new Set(runs.map((r) => r.runId)).size).toBe(scenarios.length)
          expect(runs.every((r) => r.status === "failed")).toBe(true)
          expect((yield* batchOf("batch-resume")).status).toBe("completed")
        }), { agents: [slowAgent] }),
    60_000
  )

  it.live("the scenario timeout really aborts the cell and kills its process tree", () =>
    Effect.gen(function*() {
      const pidFile = join(yield* tempDir(), "pid")
      const summary = yield* withHarness(() =>
        Effect.gen(function*() {
          const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
          return yield* runBatch({
            batchId: "batch-timeout",
            matrix: { scenarios, tiers: ["L0"], agents: [{ agent: "stuck", model: null }] },
            timeout: "1500 millis"
          })
        }), { agents: [stuckAgent(pidFile)] })
      expect(summary.results[0]).toMatchObject({ status: "timeout", weightedScore: null })
      expect(summary.results[0]?.durationMs).toBeLessThan(10_000)
      expect(existsSync(pidFile)).toBe(true)
      expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false)
    }).pipe(Effect.scoped), 30_000)

  it.live("two shards fill one batch with disjoint cells", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["demo"] })
        const matrix = { scenarios, tiers: ["L0", "L1"], agents: [{ agent: "echo", model: null }] }
        const first = yield* runBatch({
          batchId: "batch-shards",
          matrix,
          shard: { index: 1, count: 2 },
          concurrency: 2
        })
        expect(first.complete).toBe(false)
        const second = yield* runBatch({
          batchId: "batch-shards",
          matrix,
          shard: { index: 2, count: 2 },
          concurrency: 2
        })
        expect(second.complete).toBe(true)
        expect(first.shardCells + second.shardCells).toBe(first.matrixCells)
        const ids = [...first.results, ...second.results].map((r) => r.cell.runId)
        expect(new Set(ids).size).toBe(first.matrixCells)
        expect(yield* runsOf("batch-shards")).toHaveLength(first.matrixCells)
      })
    ), 60_000)
})
