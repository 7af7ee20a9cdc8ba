import { expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import type { Run, RunSort } from "@ze/domain"
import { mean, pairsNeeded, standardDeviation } from "@ze/domain"
import { Chunk, Effect, Option, Stream } from "effect"
import { clientOf } from "./dashboardCases.js"
import { runPayload, unique } from "./fixtures.js"
import type { Target } from "./Target.js"
import { contractSettings } from "./Target.js"

const sortKeys: Record<RunSort, { readonly key: (run: Run) => string | number; readonly descending: boolean }> = {
  newest: { key: (run) => run.startedAt, descending: true },
  oldest: { key: (run) => run.startedAt, descending: false },
  "score-desc": { key: (run) => run.weightedScore ?? -Infinity, descending: true },
  "score-asc": { key: (run) => run.weightedScore ?? Infinity, descending: false },
  "duration-desc": { key: (run) => run.durationMs ?? -Infinity, descending: true }
}

/** What each order must give, computed here: equal keys are ordered by id in the same direction. */
const expectedOrder = (runs: ReadonlyArray<Run>, sort: RunSort) => {
  const { descending, key } = sortKeys[sort]
  return [...runs].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    const order = x < y ? -1 : x > y ? 1 : a.id - b.id
    return descending ? -order : order
  }).map((run) => run.runId)
}

/** Run list orders, artifacts in one answer, and the per-group read models the dashboard's pages use. */
export const readModelCases = (target: () => Target) => {
  const withClient = clientOf(target)

  it.live("every run order pages by cursor over runs without a score or a duration, each run exactly once", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const suite = unique("sort")
      const scores = [5, null, 8, 5, null, 2, 8, 5]
      const durations = [100, null, 300, 100, 50, null, 300, null]
      for (const [i, weightedScore] of scores.entries()) {
        yield* ze.results.submit({
          payload: runPayload({
            suite,
            weightedScore,
            startedAt: `2026-06-0${i + 1}T00:00:00.000Z`,
            telemetry: i === 7 ? null : { costUsd: 0.01, durationMs: durations[i]! }
          })
        })
      }
      const all = yield* ze.runs.list({ urlParams: { suite } })
      expect(all).toHaveLength(8)
      for (const sort of Object.keys(sortKeys) as Array<RunSort>) {
        const seen = yield* Stream.paginateChunkEffect(Option.none<string>(), (cursor) =>
          Effect.map(
            ze.runsPage({
              suite,
              sort,
              limit: 3,
              ...Option.match(cursor, { onNone: () => ({}), onSome: (c) => ({ cursor: c }) })
            }),
            (page) => [Chunk.fromIterable(page.items), Option.map(page.nextCursor, Option.some)] as const
          )).pipe(Stream.runCollect)
        const ids = Chunk.toReadonlyArray(seen).map((run) => run.runId)
        expect(ids, sort).toEqual(expectedOrder(all, sort))
        expect(new Set(ids).size).toBe(8)
      }
      const byScore = (sort: RunSort) =>
        Effect.map(ze.runs.list({ urlParams: { suite, sort } }), (runs) => runs.map((r) => r.weightedScore))
      expect(yield* byScore("score-desc")).toEqual([8, 8, 5, 5, 5, 2, null, null])
      expect(yield* byScore("score-asc")).toEqual([2, 5, 5, 5, 8, 8, null, null])
      const byDuration = yield* ze.runs.list({ urlParams: { suite, sort: "duration-desc" } })
      expect(byDuration.map((r) => r.durationMs)).toEqual([300, 300, 100, 100, 50, null, null, null])

      const first = yield* ze.runsPage({ suite, sort: "score-desc", limit: 2 })
      const misused = yield* Effect.flip(
        ze.runs.list({ urlParams: { suite, sort: "oldest", cursor: Option.getOrThrow(first.nextCursor) } })
      )
      expect(misused._tag).toBe("InvalidRequest")
      expect((yield* Effect.promise(() => target().fetch(`/api/runs?sort=sideways`))).status).toBe(400)
    })))

  it.live("a run's artifacts come with their content in one answer; an unknown run is a 404", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const big = "y".repeat(contractSettings.maxArtifactBytes * 2)
      const payload = runPayload({
        artifacts: [
          { name: "transcript.jsonl", contentType: "application/x-ndjson", content: `{"role":"user"}\n${big}` },
          { name: "diff.patch", contentType: "text/x-diff", content: "--- a\n+++ b\n" }
        ]
      })
      yield* ze.results.submit({ payload })
      const artifacts = yield* ze.runs.artifacts({ path: { runId: payload.runId } })
      expect(artifacts.map((a) => [a.name, a.contentType, a.truncated])).toEqual([
        ["diff.patch", "text/x-diff", false],
        ["transcript.jsonl", "application/x-ndjson", true]
      ])
      expect(artifacts[0]!.content).toBe("--- a\n+++ b\n")
      expect(artifacts[1]!.content).toBe(
        yield* ze.runs.artifact({ path: { runId: payload.runId, name: "transcript.jsonl" } })
      )
      const summaries = (yield* ze.runs.get({ path: { runId: payload.runId } })).artifacts
      expect(artifacts.map(({ content: _, ...summary }) => summary)).toEqual(
        summaries.map((summary) => ({ ...summary }))
      )
      const bare = runPayload()
      yield* ze.results.submit({ payload: bare })
      expect(yield* ze.runs.artifacts({ path: { runId: bare.runId } })).toEqual([])
      const missing = yield* Effect.flip(ze.runs.artifacts({ path: { runId: unique("missing") } }))
      expect(missing._tag).toBe("RunNotFound")
      expect((yield* Effect.promise(() => target().fetch(`/api/runs/${unique("missing")}/artifacts`))).status).toBe(404)
    })))

  it.live("agent × model × tier groups, flip rates of flaky cells and evaluator pass rates", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const suite = unique("curves")
      const submit = (overrides: Parameters<typeof runPayload>[0]) =>
        ze.results.submit({ payload: runPayload({ suite, ...overrides }) })
      const passed = { status: "passed" as const, isSuccessful: true }
      const failed = { status: "failed" as const, isSuccessful: false }
      for (const [i, outcome] of [passed, failed, passed].entries()) {
        yield* submit({ scenario: "flaky", repeat: i, ...outcome })
      }
      for (const [i, outcome] of [passed, passed].entries()) {
        yield* submit({ scenario: "steady", repeat: i, ...outcome })
      }
      yield* submit({ scenario: "steady", repeat: 2, status: "infra_error", isSuccessful: false })
      yield* submit({ scenario: "single", ...failed })
      yield* submit({ scenario: "single", agent: "oracle", tier: "L2", ...passed, weightedScore: 10 })

      const tiers = yield* ze.stats.agentModelTiers({ urlParams: { suite } })
      expect(tiers.map((g) => [g.agent, g.model, g.tier, g.runs])).toEqual([["oracle", "none", "L2", 1], [
        "echo",
        "none",
        "L1",
        7
      ]])
      expect(tiers.every((g) => g.suite === undefined && g.scenario === undefined)).toBe(true)

      const scenarios = yield* ze.stats.scenarios({ urlParams: { suite, agent: "echo" } })
      const flakiness = Object.fromEntries(scenarios.map((s) => [s.scenario, [s.flakyCells, s.flipRate]]))
      expect(flakiness).toEqual({ flaky: [1, 1], steady: [0, 0], single: [0, null] })
      const [bySuite] = yield* ze.stats.suites({ urlParams: { suite } })
      expect(bySuite).toMatchObject({ cells: 4, flakyCells: 1, flipRate: 0.5 })

      // A specialist and its base agent in one batch are two cells, not repeats that disagree.
      const batchId = unique("specialist-batch")
      const wrapped = { specialistEnabled: true, specialistName: "helper", specialistVersion: "1.0.0" }
      for (const repeat of [0, 1]) {
        yield* submit({ scenario: "wrapped", batchId, repeat, ...failed })
        yield* submit({ scenario: "wrapped", batchId, repeat, ...passed, ...wrapped })
      }
      for (const urlParams of [{ suite, agent: "echo" }, { suite, batchId }]) {
        const wrappedScenario = (yield* ze.stats.scenarios({ urlParams })).find((s) => s.scenario === "wrapped")
        expect(wrappedScenario, JSON.stringify(urlParams)).toMatchObject({
          runs: 4,
          cells: 2,
          flakyCells: 0,
          flipRate: 0
        })
      }
      // ze's agent × model groups keep the specialist apart; upstream's per-agent answer keeps one row per agent.
      const agentModels = yield* ze.stats.agentModels({ urlParams: { batchId } })
      expect(agentModels.map((g) => [g.agent, g.specialist ?? null, g.runs, g.successfulRuns]).sort()).toEqual([
        ["echo", null, 2, 0],
        ["echo", "helper", 2, 2]
      ])
      expect((yield* ze.stats.agents({ urlParams: { batchId } })).map((g) => [g.agent, g.runs])).toEqual([["echo", 4]])

      const evaluated = unique("evaluators")
      const evaluations = [
        [{ evaluatorName: "commands", score: 1, maxScore: 1 }, { evaluatorName: "judge", score: 0.5, maxScore: 1 }, {
          evaluatorName: "lint",
          score: 0,
          maxScore: 1,
          status: "skipped" as const
        }],
        [{ evaluatorName: "commands", score: 0, maxScore: 1 }, { evaluatorName: "judge", score: 1, maxScore: 1 }],
        [{ evaluatorName: "commands", score: 0, maxScore: 1, status: "skipped" as const }, {
          evaluatorName: "judge",
          score: 0,
          maxScore: 1,
          status: "error" as const
        }],
        [{ evaluatorName: "commands", score: 2, maxScore: 2 }, { evaluatorName: "unbounded", score: 0, maxScore: 0 }]
      ]
      for (const list of evaluations) {
        yield* ze.results.submit({ payload: runPayload({ suite: evaluated, evaluations: list }) })
      }
      const evaluators = yield* ze.stats.evaluators({ urlParams: { suite: evaluated } })
      expect(evaluators.map((e) => [e.evaluatorName, e.evaluations, e.scored, e.passed, e.passRate])).toEqual([
        ["commands", 4, 3, 2, 2 / 3],
        ["judge", 3, 2, 1, 0.5],
        ["lint", 1, 0, 0, null],
        ["unbounded", 1, 1, 0, 0]
      ])
    })))

  it.live("a comparison with no detectable difference says how many pairs its difference would need", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const [base, head] = [unique("pairs-base"), unique("pairs-head")]
      const baseScores = [4, 5, 6, 4, 5, 6]
      const shifts = [1, -1, 1, -1, 1, -0.7]
      for (const [i, score] of baseScores.entries()) {
        yield* ze.results.submit({
          payload: runPayload({
            batchId: base,
            scenario: `p${i}`,
            weightedScore: score,
            ...{ status: "failed", isSuccessful: false }
          })
        })
        yield* ze.results.submit({
          payload: runPayload({
            batchId: head,
            scenario: `p${i}`,
            weightedScore: score + shifts[i]!,
            ...{ status: "failed", isSuccessful: false }
          })
        })
      }
      const comparison = yield* ze.compare.batches({ urlParams: { base, head } })
      expect(comparison.verdict).toBe("no detectable difference")
      const differences = baseScores.map((score, i) => score + shifts[i]! - score)
      const expected = pairsNeeded(mean(differences), standardDeviation(differences), comparison.method.alpha / 2)!
      expect(expected).toBeGreaterThan(1000)
      expect(comparison.score.pairsNeeded).toBe(expected)
      expect(comparison.reason).toContain(`would need about ${expected} pairs`)
    })))
}
