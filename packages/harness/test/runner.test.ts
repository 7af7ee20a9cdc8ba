import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Chunk, Effect, Layer, Stream } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { AgentBudgetExceeded, echoAgent, LlmJudge, loadSuites, ran, runBatch, runBatchStream } from "../src/index.js"
import type { Agent, ProgressEvent } from "../src/index.js"
import { entriesOf, suitesRoot, tempDir, withHarness, writeTree } from "./support.js"

/** Makes the tests "pass" by skipping them: integrity must catch it. */
const cheater: Agent = {
  ...echoAgent,
  name: "cheater",
  run: (input) =>
    input.tools.readFile("test/greet.test.js").pipe(
      Effect.flatMap((text) => input.tools.writeFile("test/greet.test.js", text.replaceAll("test(", "test.skip("))),
      Effect.as({
        finalText: "done",
        usage: { tokensIn: 10, tokensOut: 5, cacheReadTokens: null, cacheWriteTokens: null, costUsd: 0.001 }
      }),
      Effect.orDie
    )
}

const spent = { tokensIn: 1200, tokensOut: 300, cacheReadTokens: null, cacheWriteTokens: null, costUsd: 0.042 }

/** Stops on a limit, as model agents do, reporting what it spent. */
const stoppedBy = (limit: string): Agent => ({
  ...echoAgent,
  name: `stopped-by-${limit}`,
  run: () =>
    Effect.fail(
      new AgentBudgetExceeded({ agent: `stopped-by-${limit}`, limit, message: `${limit} reached`, usage: spent })
    )
})

describe("runner", () => {
  it.live(
    "demo suite end to end: echo fails every cell, oracle passes every cell with 10/10",
    () =>
      withHarness((workspacesDir) =>
        Effect.gen(function*() {
          const { invalid, scenarios } = yield* loadSuites(suitesRoot, { suites: ["demo"] })
          expect(invalid).toEqual([])
          expect(scenarios.length).toBeGreaterThanOrEqual(3)
          const events: Array<ProgressEvent> = []
          const summary = yield* runBatch(
            {
              batchId: "batch-demo-e2e",
              matrix: {
                scenarios,
                tiers: ["L1"],
                agents: [{ agent: "echo", model: null }, { agent: "oracle", model: null }]
              },
              concurrency: 3
            },
            (event) => Effect.sync(() => events.push(event))
          )
          expect(summary.complete).toBe(true)
          expect(summary.results).toHaveLength(scenarios.length * 2)
          for (const result of summary.results) {
            if (result.cell.agent === "oracle") {
              expect(result, result.failureReason ?? "").toMatchObject({ status: "passed", weightedScore: 10 })
            } else {
              expect(result.status).toBe("failed")
              expect(result.weightedScore).toBeLessThan(7)
            }
          }
          expect(events[0]?._tag).toBe("BatchStarted")
          expect(events.at(-1)?._tag).toBe("BatchFinished")
          expect(events.filter((e) => e._tag === "CellFinished")).toHaveLength(scenarios.length * 2)
          expect(events.some((e) => e._tag === "StageChanged" && e.stage === "validation")).toBe(true)

          const client = yield* ZeClient
          const batch = yield* client.batches.get({ path: { batchId: "batch-demo-e2e" } })
          expect(batch.status).toBe("completed")
          expect(batch.totalRuns).toBe(scenarios.length * 2)
          expect(batch.successfulRuns).toBe(scenarios.length)
          expect(batch.successRate).toBeCloseTo(0.5)
          const oracleRuns = batch.aggregates.byAgentModel.find((g) => g.agent === "oracle")
          expect(oracleRuns).toMatchObject({ runs: scenarios.length, successfulRuns: scenarios.length, avgScore: 10 })
          expect(batch.aggregates.failuresByStatus).toContainEqual(
            expect.objectContaining({ status: "failed", runs: scenarios.length })
          )

          const oracleRun = batch.runs.find((r) => r.agent === "oracle")
          const detail = yield* client.runs.get({ path: { runId: oracleRun?.runId ?? "" } })
          expect(detail.run.isSuccessful).toBe(true)
          expect(detail.artifacts.map((a) => a.name)).toEqual(
            expect.arrayContaining(["diff.patch", "transcript.json", "commands.log"])
          )
          expect(detail.evaluations.find((e) => e.evaluatorName === "llm_judge")?.status).toBe("skipped")
          expect(detail.evaluations.find((e) => e.evaluatorName === "tests_nonregression")).toMatchObject({
            score: 1,
            status: "ok"
          })
          expect(detail.telemetry?.toolCalls).toBeGreaterThan(0)
          const patch = yield* client.runs.artifact({ path: { runId: detail.run.runId, name: "diff.patch" } })
          expect(patch).toContain("diff --git")
          expect(entriesOf(workspacesDir)).toEqual([])
        })
      ),
    60_000
  )

  it.live("progress as a stream ends with BatchFinished", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
        const events = yield* runBatchStream({
          matrix: { scenarios, tiers: ["L0"], agents: [{ agent: "echo", model: null }] }
        }).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray))
        expect(events.map((e) => e._tag)).toEqual(
          expect.arrayContaining(["BatchStarted", "CellStarted", "StageChanged", "CellFinished", "BatchFinished"])
        )
        const finished = events.at(-1)
        expect(finished?._tag === "BatchFinished" && finished.summary.byStatus).toEqual({ failed: 1 })
      })
    ))

  it.live("a wall-time stop ends in timeout, any other limit in budget_exceeded, and the spend is stored", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
        const agents = [{ agent: "stopped-by-timeout", model: null }, { agent: "stopped-by-maxCostUsd", model: null }]
        const summary = yield* runBatch({ matrix: { scenarios, tiers: ["L0"], agents } })
        const statusOf = (agent: string) => summary.results.find((r) => r.cell.agent === agent)
        expect(statusOf("stopped-by-timeout")).toMatchObject({ status: "timeout", failureReason: "timeout reached" })
        expect(statusOf("stopped-by-maxCostUsd")?.status).toBe("budget_exceeded")
        const client = yield* ZeClient
        const telemetry = yield* client.runs.telemetry({
          path: { runId: statusOf("stopped-by-timeout")?.cell.runId ?? "" }
        })
        expect(telemetry).toMatchObject({ tokensIn: 1200, tokensOut: 300, costUsd: 0.042 })
      }), { agents: [stoppedBy("timeout"), stoppedBy("maxCostUsd")] }))

  it.live("a run that fails before its agent starts is an infra error that cost nothing (not unpriced)", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const root = yield* tempDir()
        writeTree(root, {
          "broken/scenarios/bad-oracle/scenario.yaml":
            "id: bad-oracle\nsuite: broken\noracle:\n  answers_file: oracle-answers.json\nvalidation:\n  commands:\n    test: node -e 0\n",
          "broken/scenarios/bad-oracle/oracle-answers.json": "{}",
          "broken/scenarios/bad-oracle/repo-fixture/index.js": "export {}\n",
          "broken/prompts/bad-oracle/L0.md": "Do it."
        })
        const { scenarios } = yield* loadSuites(root, { suites: ["broken"] })
        // Broken after it loaded (loading refuses a bad answers file): the run finds out before its agent starts.
        writeTree(root, { "broken/scenarios/bad-oracle/oracle-answers.json": "{ not json" })
        const summary = yield* runBatch({
          matrix: { scenarios, tiers: ["L0"], agents: [{ agent: "echo", model: null }] }
        })
        expect(summary.results[0]?.status).toBe("infra_error")
        const client = yield* ZeClient
        const telemetry = yield* client.runs.telemetry({ path: { runId: summary.results[0]?.cell.runId ?? "" } })
        expect(telemetry?.costUsd).toBe(0)
      })
    ))

  it.live("integrity findings declared fatal fail a run whose tests were skipped", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
        const summary = yield* runBatch({
          matrix: { scenarios, tiers: ["L0"], agents: [{ agent: "cheater", model: null }] }
        })
        const result = summary.results[0]
        expect(result?.status).toBe("failed")
        expect(result?.failureReason).toContain("test_disabled test/greet.test.js")
        expect(result?.evaluations.find((e) => e.name === "tests_nonregression")?.score).toBe(1)
        const client = yield* ZeClient
        const telemetry = yield* client.runs.telemetry({ path: { runId: result?.cell.runId ?? "" } })
        expect(telemetry).toMatchObject({ toolCalls: 2, tokensIn: 10, tokensOut: 5, costUsd: 0.001 })
      }), { agents: [cheater] }))

  it.live("replay re-runs a stored transcript without a model, and a provided judge is scored", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
        const matrix = { scenarios, tiers: ["L1"], agents: [{ agent: "oracle", model: null }] }
        const original = yield* runBatch({ batchId: "batch-original", matrix })
        const client = yield* ZeClient
        const transcript = yield* client.runs.artifact({
          path: { runId: original.results[0]?.cell.runId ?? "", name: "transcript.json" }
        })
        const file = join(yield* tempDir(), "transcript.json")
        writeFileSync(file, transcript)
        const judge = Layer.succeed(LlmJudge, {
          evaluate: () =>
            Effect.succeed({ result: ran("llm_judge", 0.5, "half"), costUsd: 0.01, tokensIn: 100, tokensOut: 20 })
        })
        const replay = yield* runBatch({
          matrix: { scenarios, tiers: ["L1"], agents: [{ agent: "replay", model: file }] }
        }).pipe(
          Effect.provide(judge)
        )
        expect(replay.results[0]).toMatchObject({ status: "passed", isSuccessful: true })
        // test 1, heuristics 1, judge 0.5 (integrity is reported, not scored): 10 × 2.5 / 3
        expect(replay.results[0]?.weightedScore).toBe(8.3333)
        const telemetry = yield* client.runs.telemetry({ path: { runId: replay.results[0]?.cell.runId ?? "" } })
        expect(telemetry?.judgeCostUsd).toBe(0.01)
      })
    ).pipe(Effect.scoped))
})
