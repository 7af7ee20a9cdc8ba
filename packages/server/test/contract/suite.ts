import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Chunk, Effect, Layer, Option, Redacted, Stream } from "effect"
import { afterAll, beforeAll } from "vitest"
import { compareSidesCases } from "./compareSidesCases.js"
import { compatCases } from "./compatCases.js"
import { dashboardCases } from "./dashboardCases.js"
import { runPayload, unique, upstreamCompleteRunBody } from "./fixtures.js"
import { inputCases, unicodeCases } from "./inputCases.js"
import { readModelCases } from "./readModelCases.js"
import type { Target } from "./Target.js"
import { contractSettings, INJECTED_FAILURE_EVALUATOR } from "./Target.js"

/** A JSON POST; `key: null` sends no Authorization header at all. */
const json = (body: unknown, key: string | null = contractSettings.writeKey): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
  body: JSON.stringify(body)
})

/** The same behaviour, checked against every runtime that serves ZeApi. */
export const contractSuite = (name: string, start: () => Promise<Target>) =>
  describe(`contract: ${name}`, () => {
    let target: Target
    beforeAll(async () => {
      target = await start()
    })
    afterAll(async () => {
      await target?.close()
    })

    const withClient = <A, E>(effect: Effect.Effect<A, E, ZeClient>) =>
      Effect.provide(
        effect,
        ZeClient.layerWith({ baseUrl: target.baseUrl, apiKey: redactedKey() }).pipe(Layer.provide(target.httpClient))
      )

    it.live("health reports status, version and storage", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const health = yield* ze.health.health({})
        expect(health.status).toBe("ok")
        expect(health.storage).toBe(target.storage)
        expect(health.version).toMatch(/^\d+\.\d+\.\d+/)
        expect(Number.isNaN(Date.parse(health.timestamp))).toBe(false)
      })))

    it.live("writes need a bearer key: missing → 401, wrong → 403, right → 201", () =>
      Effect.promise(async () => {
        const body = runPayload()
        const missing = await target.fetch("/api/results", json(body, null))
        expect(missing.status).toBe(401)
        expect(await missing.json()).toMatchObject({ _tag: "Unauthorized" })
        const notBearer = await target.fetch("/api/results", {
          ...json(body, null),
          headers: { "content-type": "application/json", authorization: `Basic ${contractSettings.writeKey}` }
        })
        expect(notBearer.status).toBe(401)
        const wrong = await target.fetch("/api/results", json(body, "not-the-key"))
        expect(wrong.status).toBe(403)
        expect(await wrong.json()).toMatchObject({ _tag: "Forbidden", message: "Invalid API key" })
        const missingRun = await target.fetch(`/api/runs/${body.runId}`)
        expect(missingRun.status).toBe(404)
        const right = await target.fetch("/api/results", json(body))
        expect(right.status).toBe(201)
        expect(await right.json()).toEqual({ success: true, runId: body.runId, created: true })
      }))

    it.live("a run round-trips with evaluations, telemetry and size-capped artifacts", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const big = "x".repeat(contractSettings.maxArtifactBytes * 3)
        const payload = runPayload({
          batchId: unique("batch"),
          repeat: 2,
          resolvedModel: "model-2026-01-01",
          agentVersion: "1.2.3",
          metadata: { note: "hello" },
          telemetry: {
            toolCalls: 4,
            tokensIn: 10,
            tokensOut: 20,
            cacheReadTokens: 5,
            cacheWriteTokens: 6,
            costUsd: 0.5,
            judgeCostUsd: 0.25,
            durationMs: 1234
          },
          artifacts: [
            { name: "diff.patch", contentType: "text/x-diff", content: "--- a\n+++ b\n" },
            { name: "install.log", contentType: "text/plain", content: `start\n${big}\nerror at the end` }
          ]
        })
        const created = yield* ze.results.submit({ payload })
        expect(created).toEqual({ success: true, runId: payload.runId, created: true })
        const detail = yield* ze.runs.get({ path: { runId: payload.runId } })
        expect(detail.run).toMatchObject({
          runId: payload.runId,
          batchId: payload.batchId,
          suite: "demo",
          status: "passed",
          isSuccessful: true,
          weightedScore: 8,
          repeat: 2,
          resolvedModel: "model-2026-01-01",
          agentVersion: "1.2.3",
          durationMs: 1234,
          costUsd: 0.5
        })
        expect(JSON.parse(detail.run.metadata ?? "null")).toEqual({ note: "hello" })
        expect(detail.evaluations.map((e) => [e.evaluatorName, e.score, e.maxScore, e.status])).toEqual([
          ["commands", 1, 1, "ok"],
          ["heuristics", 0.6, 1, "ok"]
        ])
        expect(JSON.parse(detail.evaluations[1]!.details ?? "null")).toEqual({ checks: 5, passed: 3 })
        expect(detail.telemetry).toMatchObject({
          toolCalls: 4,
          cacheReadTokens: 5,
          cacheWriteTokens: 6,
          judgeCostUsd: 0.25
        })
        expect(detail.artifacts.map((a) => [a.name, a.truncated])).toEqual([["diff.patch", false], [
          "install.log",
          true
        ]])
        const log = detail.artifacts[1]!
        expect(log.sizeBytes).toBe(big.length + "start\n\nerror at the end".length)
        expect(log.storedBytes).toBeLessThanOrEqual(contractSettings.maxArtifactBytes + 100)
        const diff = yield* ze.runs.artifact({ path: { runId: payload.runId, name: "diff.patch" } })
        expect(diff).toBe("--- a\n+++ b\n")
        const capped = yield* ze.runs.artifact({ path: { runId: payload.runId, name: "install.log" } })
        expect(capped.startsWith("start\n")).toBe(true)
        expect(capped.endsWith("error at the end")).toBe(true)
        expect(capped).toContain("bytes cut")
        const missing = yield* Effect.flip(ze.runs.artifact({ path: { runId: payload.runId, name: "nope.txt" } }))
        expect(missing._tag).toBe("ArtifactNotFound")
        expect(yield* ze.runs.evaluations({ path: { runId: payload.runId } })).toHaveLength(2)
        expect((yield* ze.runs.telemetry({ path: { runId: payload.runId } }))?.tokensIn).toBe(10)
      })))

    it.live("re-submitting a runId updates the run and never duplicates it", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const suite = unique("resubmit")
        const first = runPayload({ suite, status: "running", isSuccessful: false, weightedScore: null })
        yield* ze.results.submit({ payload: first })
        const second = runPayload({
          runId: first.runId,
          suite,
          status: "failed",
          isSuccessful: false,
          weightedScore: 3,
          evaluations: [{ evaluatorName: "commands", score: 0, maxScore: 1 }],
          telemetry: null
        })
        const again = yield* ze.results.submit({ payload: second })
        expect(again.created).toBe(false)
        const runs = yield* ze.runs.list({ urlParams: { suite } })
        expect(runs).toHaveLength(1)
        expect(runs[0]).toMatchObject({ status: "failed", weightedScore: 3 })
        const detail = yield* ze.runs.get({ path: { runId: first.runId } })
        expect(detail.evaluations.map((e) => e.evaluatorName)).toEqual(["commands"])
        expect(detail.telemetry).toBeNull()
      })))

    it.live("a run with more evaluations than one insert holds keeps them all, in order, and a re-submit replaces them", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const evaluations = (n: number, prefix: string) =>
          Array.from({ length: n }, (_, i) => ({ evaluatorName: `${prefix}-${i}`, score: i / n, maxScore: 1 }))
        const payload = runPayload({ suite: unique("many-evaluations"), evaluations: evaluations(30, "first") })
        expect((yield* ze.results.submit({ payload })).created).toBe(true)
        const stored = yield* ze.runs.evaluations({ path: { runId: payload.runId } })
        expect(stored.map((e) => [e.evaluatorName, e.score])).toEqual(
          payload.evaluations!.map((e) => [e.evaluatorName, e.score])
        )
        yield* ze.results.submit({ payload: { ...payload, evaluations: evaluations(13, "second") } })
        const replaced = yield* ze.runs.evaluations({ path: { runId: payload.runId } })
        expect(replaced.map((e) => e.evaluatorName)).toEqual(evaluations(13, "second").map((e) => e.evaluatorName))
      })))

    it.live("a failure between statements leaves nothing behind", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const batchId = unique("atomic-batch")
        const doomed = runPayload({
          batchId,
          evaluations: [
            { evaluatorName: "commands", score: 1, maxScore: 1 },
            { evaluatorName: INJECTED_FAILURE_EVALUATOR, score: 1, maxScore: 1 }
          ]
        })
        const response = yield* Effect.promise(() => target.fetch("/api/results", json(doomed)))
        expect(response.status).toBe(500)
        expect(yield* Effect.promise(() => response.json())).toMatchObject({ _tag: "InternalServerError" })
        expect((yield* Effect.flip(ze.runs.get({ path: { runId: doomed.runId } })))._tag).toBe("RunNotFound")
        expect((yield* Effect.flip(ze.batches.get({ path: { batchId } })))._tag).toBe("BatchNotFound")

        const kept = runPayload({ weightedScore: 9 })
        yield* ze.results.submit({ payload: kept })
        const failedUpdate = yield* Effect.promise(() =>
          target.fetch("/api/results", json({ ...kept, weightedScore: 1, evaluations: doomed.evaluations }))
        )
        expect(failedUpdate.status).toBe(500)
        const detail = yield* ze.runs.get({ path: { runId: kept.runId } })
        expect(detail.run.weightedScore).toBe(9)
        expect(detail.evaluations.map((e) => e.evaluatorName)).toEqual(["commands", "heuristics"])
        expect(detail.telemetry?.tokensIn).toBe(1000)
      })))

    it.live("invalid bodies get a 400 that names the field, and change nothing", () =>
      Effect.promise(async () => {
        const base = runPayload()
        const cases: ReadonlyArray<[unknown, string]> = [
          [{ runId: base.runId, suite: "demo", status: "passed" }, "scenario"],
          [{ ...base, weightedScore: 11 }, "weightedScore"],
          [{ ...base, startedAt: "yesterday-ish" }, "startedAt"],
          [{ ...base, status: "exploded" }, "status"],
          [{ ...base, evaluations: [{ evaluatorName: "x", score: "high", maxScore: 1 }] }, "score"],
          [{ ...base, artifacts: [{ name: "../../etc/passwd", content: "" }] }, "name"]
        ]
        for (const [body, field] of cases) {
          const response = await target.fetch("/api/results", json(body))
          expect(response.status).toBe(400)
          const error = (await response.json()) as { _tag: string; issues: ReadonlyArray<{ path: string }> }
          expect(error._tag).toBe("InvalidRequest")
          expect(error.issues.some((issue) => issue.path.split(".").includes(field))).toBe(true)
        }
        const notJson = await target.fetch("/api/results", { ...json({}), body: "{not json" })
        expect(notJson.status).toBe(400)
        expect((await target.fetch(`/api/runs/${base.runId}`)).status).toBe(404)
      }))

    it.live("runs are listed newest first with cursor pagination and a bounded limit", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const suite = unique("page")
        const ids = Array.from({ length: 7 }, (_, i) => `${suite}-run-${i}`)
        for (const [i, runId] of ids.entries()) {
          yield* ze.results.submit({
            payload: runPayload({ runId, suite, startedAt: `2026-10-0${i + 1}T00:00:00.000Z` })
          })
        }
        const seen = yield* Stream.paginateChunkEffect(Option.none<string>(), (cursor) =>
          Effect.map(
            ze.runsPage({
              suite,
              limit: 3,
              ...Option.match(cursor, { onNone: () => ({}), onSome: (c) => ({ cursor: c }) })
            }),
            (page) => [Chunk.fromIterable(page.items), Option.map(page.nextCursor, Option.some)] as const
          )).pipe(Stream.runCollect)
        expect(Chunk.toReadonlyArray(seen).map((r) => r.runId)).toEqual([...ids].reverse())
        const plain = yield* Effect.promise(() => target.fetch(`/api/runs?suite=${suite}&limit=2`))
        expect(plain.headers.get("x-next-cursor")).toBeTruthy()
        expect(Array.isArray(yield* Effect.promise(() => plain.json()))).toBe(true)
        const last = yield* ze.runsPage({ suite, limit: 7 })
        expect(Option.isNone(last.nextCursor)).toBe(true)
        expect(yield* ze.runs.list({ urlParams: { suite, limit: 5000 } })).toHaveLength(7)
        const badCursor = yield* Effect.flip(ze.runs.list({ urlParams: { cursor: "definitely-not-a-cursor" } }))
        expect(badCursor._tag).toBe("InvalidRequest")
        const badLimit = yield* Effect.promise(() => target.fetch("/api/runs?limit=0"))
        expect(badLimit.status).toBe(400)
      })))

    it.live("run filters combine with AND", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const suite = unique("filters")
        const batchId = unique("filters-batch")
        const cells = [
          {
            scenario: "a",
            agent: "echo",
            model: "m1",
            tier: "L0",
            status: "passed" as const,
            startedAt: "2026-09-01T00:00:00.000Z"
          },
          {
            scenario: "a",
            agent: "oracle",
            model: "m2",
            tier: "L1",
            status: "failed" as const,
            startedAt: "2026-09-02T00:00:00.000Z"
          },
          {
            scenario: "b",
            agent: "echo",
            model: "m2",
            tier: "L1",
            status: "timeout" as const,
            startedAt: "2026-09-03T00:00:00.000Z"
          }
        ]
        for (const cell of cells) yield* ze.results.submit({ payload: runPayload({ suite, batchId, ...cell }) })
        const count = (urlParams: Record<string, string>) =>
          Effect.map(ze.runs.list({ urlParams: { suite, ...urlParams } }), (runs) => runs.length)
        expect(yield* count({})).toBe(3)
        expect(yield* count({ scenario: "a" })).toBe(2)
        expect(yield* count({ agent: "echo" })).toBe(2)
        expect(yield* count({ agent: "echo", model: "m2" })).toBe(1)
        expect(yield* count({ tier: "L1" })).toBe(2)
        expect(yield* count({ status: "timeout" })).toBe(1)
        expect(yield* count({ batchId })).toBe(3)
        expect(yield* count({ from: "2026-09-02T00:00:00.000Z" })).toBe(2)
        expect(yield* count({ to: "2026-09-02T00:00:00.000Z" })).toBe(1)
        expect(yield* count({ from: String(Date.parse("2026-09-02T00:00:00.000Z")) })).toBe(2)
        expect((yield* Effect.promise(() => target.fetch("/api/runs?status=bogus"))).status).toBe(400)
        const badFrom = yield* Effect.promise(() => target.fetch(`/api/runs?from=notadate`))
        expect(badFrom.status).toBe(400)
      })))

    it.live("batch aggregates are computed by the server from the runs", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const batchId = unique("agg")
        const createdAt = Date.parse("2026-08-01T00:00:00.000Z")
        yield* ze.results.upsertBatch({ payload: { batchId, createdAt, totalRuns: 0, successfulRuns: 0, avgScore: 0 } })
        const submit = (overrides: Parameters<typeof runPayload>[0]) =>
          ze.results.submit({ payload: runPayload({ batchId, ...overrides }) })
        yield* submit({
          scenario: "s1",
          agent: "a",
          model: "m",
          tier: "L0",
          weightedScore: 8,
          totalScore: 0.8,
          isSuccessful: true,
          status: "passed",
          telemetry: { costUsd: 1, durationMs: 100 }
        })
        yield* submit({
          scenario: "s1",
          agent: "a",
          model: "m",
          tier: "L1",
          weightedScore: 4,
          totalScore: 0.4,
          isSuccessful: false,
          status: "failed",
          telemetry: { costUsd: 0.5, judgeCostUsd: 0.5, durationMs: 300 }
        })
        yield* submit({
          scenario: "s2",
          agent: "b",
          model: "m",
          tier: "L1",
          weightedScore: null,
          totalScore: null,
          isSuccessful: false,
          status: "infra_error",
          telemetry: { costUsd: null, durationMs: 50 },
          evaluations: [{ evaluatorName: "commands", score: 0, maxScore: 1, status: "skipped" }]
        })
        const completedAt = "2026-08-01T00:10:00.000Z"
        yield* ze.results.upsertBatch({
          payload: { batchId, completedAt: Date.parse(completedAt), totalRuns: 0, successfulRuns: 0 }
        })

        const detail = yield* ze.batches.get({ path: { batchId } })
        expect(detail).toMatchObject({
          batchId,
          createdAt,
          completedAt: Date.parse(completedAt),
          status: "completed",
          totalRuns: 3,
          successfulRuns: 1,
          failedRuns: 2,
          avgWeightedScore: 6,
          durationMs: 10 * 60 * 1000,
          totalRunDurationMs: 450,
          totalCostUsd: 2,
          unpricedRuns: 1
        })
        expect(detail.avgScore).toBeCloseTo(0.6)
        expect(detail.successRate).toBeCloseTo(1 / 3)
        expect(detail.runs.map((r) => r.scenario)).toEqual(["s1", "s1", "s2"])
        const { aggregates } = detail
        expect(aggregates.bySuiteScenario.map((g) => [g.scenario, g.runs, g.successfulRuns, g.avgScore])).toEqual([
          ["s1", 2, 1, 6],
          ["s2", 1, 0, null]
        ])
        expect(aggregates.byAgentModel.map((g) => [g.agent, g.model, g.runs])).toEqual([["a", "m", 2], ["b", "m", 1]])
        expect(aggregates.byTier.map((g) => [g.tier, g.runs, g.minScore, g.maxScore])).toEqual([
          ["L0", 1, 8, 8],
          ["L1", 2, 4, 4]
        ])
        const commands = aggregates.byEvaluator.find((e) => e.evaluatorName === "commands")!
        expect([commands.evaluations, commands.scored, commands.skipped, commands.avgScore]).toEqual([3, 2, 1, 1])
        expect(aggregates.failuresByStatus.map((s) => [s.status, s.runs])).toEqual([["failed", 1], ["infra_error", 1]])

        const listed = yield* ze.batches.list({ urlParams: { limit: 500 } })
        expect(listed.find((b) => b.batchId === batchId)).toMatchObject({ totalRuns: 3, successfulRuns: 1 })
        expect((yield* Effect.flip(ze.batches.get({ path: { batchId: unique("missing") } })))._tag).toBe(
          "BatchNotFound"
        )
      })))

    it.live("two batches compare cell by cell, with repeats summarised in the batch detail", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const [base, head] = [unique("cmp-base"), unique("cmp-head")]
        const scenarios = Array.from({ length: 8 }, (_, i) => `c${i}`)
        for (const [i, scenario] of scenarios.entries()) {
          for (const repeat of [0, 1]) {
            yield* ze.results.submit({
              payload: runPayload({
                batchId: base,
                scenario,
                repeat,
                weightedScore: 3 + repeat,
                isSuccessful: i === 0,
                status: i === 0 ? "passed" : "failed"
              })
            })
            yield* ze.results.submit({
              payload: runPayload({
                batchId: head,
                scenario,
                repeat,
                weightedScore: 8 + repeat,
                isSuccessful: true,
                status: "passed"
              })
            })
          }
        }
        yield* ze.results.submit({ payload: runPayload({ batchId: head, scenario: "only-head", weightedScore: 9 }) })

        const comparison = yield* ze.compare.batches({ urlParams: { base, head } })
        expect(comparison).toMatchObject({ baseBatchId: base, headBatchId: head, verdict: "better", pairs: 8 })
        expect(comparison.score.meanDifference).toBeCloseTo(5, 12)
        expect(comparison.passFail).toMatchObject({ improved: 7, regressed: 0 })
        expect(comparison.onlyInHead.map((cell) => cell.scenario)).toEqual(["only-head"])
        const reverse = yield* ze.compare.batches({ urlParams: { base: head, head: base } })
        expect(reverse.verdict).toBe("worse")
        expect(comparison).toMatchObject({ mode: "fixed", sequential: null })
        // Sequential: runs paired by cell and repeat (16 pairs, 14 head wins), valid however often it is asked.
        const sequential = yield* ze.compare.batches({ urlParams: { base, head, mode: "sequential", minEffect: 10 } })
        expect(sequential).toMatchObject({ mode: "sequential", verdict: "better" })
        expect(sequential.sequential).toMatchObject({ pairs: 16, discordant: 14, headWins: 14, minEffect: 10 })
        expect(sequential.reason).toContain("sequential test")
        expect((yield* Effect.flip(ze.compare.batches({ urlParams: { base, head: unique("missing") } })))._tag).toBe(
          "BatchNotFound"
        )

        // Stats over repeats: pass@1 averaged over 8 cells, one of which passes both repeats.
        const [byAgent] = yield* ze.stats.agents({ urlParams: { batchId: base } })
        expect(byAgent).toMatchObject({ runs: 16, cells: 8, passAtK: [{ k: 1, value: 1 / 8 }, { k: 2, value: 1 / 8 }] })
        const [byTier] = yield* ze.stats.tiers({ urlParams: { batchId: head } })
        expect(byTier).toMatchObject({ runs: 17, cells: 9, passAtK: [] })
        const detail = yield* ze.batches.get({ path: { batchId: base } })
        const first = detail.aggregates.cells.find((cell) => cell.scenario === "c0")!
        expect(first.summary).toMatchObject({ runs: 2, meanScore: 3.5, passes: 2, passRate: 1, flipRate: 0 })
        expect(first.summary.scoreInterval).not.toBeNull()
        expect(first.summary.passAtK[0]).toEqual({ k: 1, value: 1 })
      })))

    it.live("batches page by cursor, newest first", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const prefix = unique("bpage")
        const future = Date.parse("2099-01-01T00:00:00.000Z")
        for (let i = 0; i < 3; i++) {
          yield* ze.results.upsertBatch({ payload: { batchId: `${prefix}-${i}`, createdAt: future + i } })
        }
        const first = yield* ze.batchesPage({ limit: 2 })
        expect(first.items.map((b) => b.batchId)).toEqual([`${prefix}-2`, `${prefix}-1`])
        const second = yield* ze.batchesPage({ limit: 1, cursor: Option.getOrThrow(first.nextCursor) })
        expect(second.items.map((b) => b.batchId)).toEqual([`${prefix}-0`])
      })))

    it.live("stats answer per group with the same filters", () =>
      withClient(Effect.gen(function*() {
        const ze = yield* ZeClient
        const suite = unique("stats")
        const runs = [
          {
            agent: "echo",
            model: "none",
            scenario: "x",
            tier: "L0",
            weightedScore: 2,
            isSuccessful: false,
            status: "failed" as const,
            telemetry: { costUsd: 0, tokensIn: 0, tokensOut: 0 }
          },
          {
            agent: "claude",
            model: "sonnet",
            scenario: "x",
            tier: "L1",
            weightedScore: 9,
            isSuccessful: true,
            status: "passed" as const,
            telemetry: { costUsd: 0.3, judgeCostUsd: 0.1, tokensIn: 100, tokensOut: 50, cacheReadTokens: 10 }
          },
          {
            agent: "claude",
            model: "sonnet",
            scenario: "y",
            tier: "L1",
            weightedScore: 7,
            isSuccessful: true,
            status: "passed" as const,
            specialistEnabled: true,
            specialistName: "next-pro",
            specialistVersion: "1.0.0",
            telemetry: { costUsd: 0.2, tokensIn: 200, tokensOut: 60 }
          },
          {
            agent: "claude",
            model: "mystery",
            scenario: "y",
            tier: "L1",
            weightedScore: 5,
            isSuccessful: false,
            status: "failed" as const,
            telemetry: { costUsd: null, tokensIn: 300, tokensOut: 70 }
          }
        ]
        for (const run of runs) yield* ze.results.submit({ payload: runPayload({ suite, ...run }) })
        const urlParams = { suite }
        const global = yield* ze.stats.global({ urlParams })
        expect(global).toMatchObject({
          totalRuns: 4,
          successfulRuns: 2,
          failedRuns: 2,
          avgWeightedScore: 5.75,
          successRate: 0.5,
          unpricedRuns: 1
        })
        expect(global.totalCostUsd).toBeCloseTo(0.6)
        const agents = yield* ze.stats.agents({ urlParams })
        expect(agents.map((a) => [a.agent, a.runs, a.avgScore, a.minScore, a.maxScore])).toEqual([
          ["claude", 3, 7, 5, 9],
          ["echo", 1, 2, 2, 2]
        ])
        expect((yield* ze.stats.models({ urlParams })).map((m) => m.model)).toEqual(["sonnet", "mystery", "none"])
        // A specialist is its own agent × model group (ze's), beside the plain agent it wraps.
        expect(
          (yield* ze.stats.agentModels({ urlParams })).map((m) =>
            `${m.agent}${m.specialist ? `+${m.specialist}` : ""}/${m.model}`
          )
        ).toEqual([
          "claude/sonnet",
          "claude+next-pro/sonnet",
          "claude/mystery",
          "echo/none"
        ])
        expect((yield* ze.stats.suites({ urlParams })).map((s) => [s.suite, s.runs])).toEqual([[suite, 4]])
        expect((yield* ze.stats.scenarios({ urlParams })).map((s) => [s.scenario, s.runs, s.successRate])).toEqual([[
          "y",
          2,
          0.5
        ], ["x", 2, 0.5]]) // best average score first
        const x = (yield* ze.stats.scenarios({ urlParams })).find((s) => s.scenario === "x")!
        // Scores 2 and 9: sample sd = 7/√2; the t-interval 5.5 ± 12.706 × 3.5 is clipped to the 0..10 scale.
        expect(x.scoreStdDev).toBeCloseTo(7 / Math.SQRT2, 9)
        expect(x.scoreInterval).toEqual({ lower: 0, upper: 10 })
        expect(x.successRateInterval!.lower).toBeLessThan(0.5)
        expect((yield* ze.stats.tiers({ urlParams })).map((s) => [s.tier, s.runs])).toEqual([["L1", 3], ["L0", 1]])
        const bySpecialist = (yield* ze.stats.specialists({ urlParams })).map((s) => [s.specialist, s.runs, s.avgScore])
        expect(bySpecialist).toHaveLength(2)
        expect(bySpecialist).toContainEqual(["next-pro", 1, 7])
        expect(bySpecialist).toContainEqual([null, 3, 16 / 3])
        expect((yield* ze.stats.agents({ urlParams: { suite, tier: "L0" } })).map((a) => a.agent)).toEqual(["echo"])
        const evaluators = yield* ze.stats.evaluators({ urlParams })
        expect(evaluators.map((e) => [e.evaluatorName, e.evaluations])).toEqual([["commands", 4], ["heuristics", 4]])
        expect(evaluators[1]!.avgScore).toBeCloseTo(0.6)
        const cost = yield* ze.stats.cost({ urlParams })
        expect(cost).toMatchObject({
          runs: 4,
          pricedRuns: 3,
          unpricedRuns: 1,
          tokensIn: 600,
          tokensOut: 180,
          cacheReadTokens: 10
        })
        expect(cost.agentCostUsd).toBeCloseTo(0.5)
        expect(cost.judgeCostUsd).toBeCloseTo(0.1)
        expect(cost.totalCostUsd).toBeCloseTo(0.6)
        expect(cost.avgCostPerPricedRun).toBeCloseTo(0.2)
        expect(cost.byAgentModel.find((g) => g.model === "mystery")).toMatchObject({
          unpricedRuns: 1,
          agentCostUsd: 0,
          avgCostPerPricedRun: null
        })
      })))

    it.live("upstream's exact worker-client bodies are accepted and read back with upstream's field names", () =>
      Effect.promise(async () => {
        const batchId = `batch-${Date.now()}-abcdefghi`
        const runId = `${Date.now()}-k3j4h5g6f`
        const started = await target.fetch(
          "/api/results/batch",
          json({ batchId, createdAt: Date.now(), totalRuns: 0, successfulRuns: 0 })
        )
        expect(started.status).toBe(201)
        expect(await started.json()).toMatchObject({ success: true, batchId })
        const submitted = await target.fetch("/api/results", json(upstreamCompleteRunBody(runId, batchId)))
        expect(submitted.status).toBe(201)
        expect(await submitted.json()).toMatchObject({ success: true, runId })
        const completed = await target.fetch(
          "/api/results/batch",
          json({
            batchId,
            completedAt: Date.now(),
            totalRuns: 0,
            successfulRuns: 0,
            avgScore: 0,
            avgWeightedScore: 0,
            metadata: {
              suite: "update-deps",
              scenario: "nx-pnpm-monorepo",
              tier: "L1",
              agent: "anthropic",
              iterations: 1,
              duration: 300
            }
          })
        )
        expect(completed.status).toBe(201)

        const list =
          (await (await target.fetch("/api/runs?limit=50&suite=update-deps&agent=anthropic")).json()) as Array<
            Record<string, unknown>
          >
        const row = list.find((r) => r.runId === runId)!
        for (
          const field of [
            "id",
            "runId",
            "batchId",
            "suite",
            "scenario",
            "tier",
            "agent",
            "model",
            "status",
            "startedAt",
            "completedAt",
            "totalScore",
            "weightedScore",
            "isSuccessful",
            "successMetric",
            "metadata"
          ]
        ) {
          expect(row).toHaveProperty(field)
        }
        expect(typeof row.metadata).toBe("string")
        const detail = (await (await target.fetch(`/api/runs/${runId}`)).json()) as Record<
          string,
          Record<string, unknown> | Array<Record<string, unknown>>
        >
        expect(Object.keys(detail)).toEqual(expect.arrayContaining(["run", "evaluations", "telemetry"]))
        expect((detail.evaluations as Array<Record<string, unknown>>)[0]).toMatchObject({
          runId,
          evaluatorName: "heuristic_checks",
          score: 0.5,
          maxScore: 1
        })
        expect(detail.telemetry).toMatchObject({
          runId,
          toolCalls: 12,
          tokensIn: 15000,
          tokensOut: 3000,
          costUsd: 0.09,
          durationMs: 300000,
          promptSent: expect.any(String)
        })
        const batch = (await (await target.fetch(`/api/batches/${batchId}`)).json()) as Record<string, unknown>
        expect(batch).toMatchObject({
          batchId,
          totalRuns: 1,
          successfulRuns: 0,
          avgWeightedScore: 6.5,
          runs: [expect.objectContaining({ runId })]
        })
        expect(typeof batch.createdAt).toBe("number")
        expect(typeof batch.completedAt).toBe("number")
        const stats = (await (await target.fetch("/api/stats")).json()) as Record<string, unknown>
        expect(Object.keys(stats)).toEqual(
          expect.arrayContaining(["totalRuns", "successfulRuns", "avgScore", "avgWeightedScore"])
        )
        const agents = (await (await target.fetch("/api/stats/agents")).json()) as Array<Record<string, unknown>>
        expect(Object.keys(agents[0]!)).toEqual(
          expect.arrayContaining(["agent", "runs", "avgScore", "minScore", "maxScore"])
        )
        const batches = (await (await target.fetch("/api/batches?limit=20")).json()) as Array<Record<string, unknown>>
        expect(Array.isArray(batches)).toBe(true)
      }))

    it.live("unknown routes, oversized bodies and CORS answer as documented", () =>
      Effect.promise(async () => {
        const unknown = await target.fetch("/api/nothing-here")
        expect(unknown.status).toBe(404)
        expect(await unknown.json()).toMatchObject({ _tag: "RouteNotFound" })
        const huge = { ...runPayload(), metadata: { padding: "y".repeat(contractSettings.maxBodyBytes) } }
        const tooLarge = await target.fetch("/api/results", json(huge))
        expect(tooLarge.status).toBe(413)
        expect(await tooLarge.json()).toMatchObject({
          _tag: "PayloadTooLarge",
          limitBytes: contractSettings.maxBodyBytes
        })
        expect((await target.fetch(`/api/runs/${huge.runId}`)).status).toBe(404)

        const allowed = await target.fetch("/health", { headers: { origin: contractSettings.corsOrigin } })
        expect(allowed.headers.get("access-control-allow-origin")).toBe(contractSettings.corsOrigin)
        const other = await target.fetch("/health", { headers: { origin: "http://evil.example" } })
        expect(other.headers.get("access-control-allow-origin")).toBeNull()
        const preflight = await target.fetch("/api/results", {
          method: "OPTIONS",
          headers: { origin: contractSettings.corsOrigin, "access-control-request-method": "POST" }
        })
        expect(preflight.status).toBe(204)
        expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/)
        const errorWithCors = await target.fetch("/api/runs/none", { headers: { origin: contractSettings.corsOrigin } })
        expect(errorWithCors.status).toBe(404)
        expect(errorWithCors.headers.get("access-control-allow-origin")).toBe(contractSettings.corsOrigin)
      }))

    it.live("openapi.json lists every endpoint and /docs renders it", () =>
      Effect.promise(async () => {
        const spec = (await (await target.fetch("/api/openapi.json")).json()) as {
          paths: Record<string, Record<string, unknown>>
        }
        const endpoints = Object.entries(spec.paths).flatMap(([path, methods]) =>
          Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)
        )
        expect(endpoints.sort()).toEqual([
          "GET /api/batches",
          "GET /api/batches/{batchId}",
          "GET /api/compare",
          "GET /api/dashboard/overview",
          "GET /api/runs",
          "GET /api/runs/facets",
          "GET /api/runs/{runId}",
          "GET /api/runs/{runId}/artifacts",
          "GET /api/runs/{runId}/artifacts/{name}",
          "GET /api/runs/{runId}/evaluations",
          "GET /api/runs/{runId}/telemetry",
          "GET /api/stats",
          "GET /api/stats/agent-model-tiers",
          "GET /api/stats/agent-models",
          "GET /api/stats/agents",
          "GET /api/stats/cost",
          "GET /api/stats/evaluators",
          "GET /api/stats/models",
          "GET /api/stats/scenarios",
          "GET /api/stats/specialists",
          "GET /api/stats/suites",
          "GET /api/stats/tiers",
          "GET /health",
          "POST /api/results",
          "POST /api/results/batch"
        ].sort())
        // The root belongs to the dashboard now (or a how-to-build page): it no longer redirects to the docs.
        const root = await target.fetch("/", { redirect: "manual" })
        expect(root.headers.get("location")).toBeNull()
        const docs = await target.fetch("/docs")
        expect(docs.headers.get("content-type")).toMatch(/text\/html/)
        const html = await docs.text()
        expect(html).toContain("/api/results/batch")
        expect(html).not.toMatch(/<script/i)
      }))

    compatCases(() => target)
    dashboardCases(() => target)
    inputCases(() => target)
    unicodeCases(() => target)
    readModelCases(() => target)
    compareSidesCases(() => target)
  })

const redactedKey = () => Option.some(Redacted.make(contractSettings.writeKey))
