import { expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import type { SubmitResultsPayload } from "@ze/domain"
import { Effect } from "effect"
import { clientOf } from "./dashboardCases.js"
import { runPayload, unique } from "./fixtures.js"
import type { Target } from "./Target.js"

const skipped = { score: 0, maxScore: 1, status: "skipped" as const }

/** Three runs: passed, failed (scored) and infra_error (unscored); `judge` never runs, `commands` is skipped once. */
const seeds = (suite: string, batchId: string): ReadonlyArray<Partial<SubmitResultsPayload>> => [
  {
    suite,
    batchId,
    scenario: "s1",
    agent: "a",
    model: "m",
    tier: "L0",
    status: "passed",
    isSuccessful: true,
    weightedScore: 8,
    totalScore: 0.8,
    telemetry: { costUsd: 1, durationMs: 100 },
    evaluations: [
      { evaluatorName: "commands", score: 1, maxScore: 1 },
      { evaluatorName: "heuristics", score: 0.6, maxScore: 1 },
      { evaluatorName: "judge", ...skipped }
    ]
  },
  {
    suite,
    batchId,
    scenario: "s1",
    agent: "a",
    model: "m",
    tier: "L1",
    status: "failed",
    isSuccessful: false,
    weightedScore: 4,
    totalScore: 0.4,
    telemetry: { costUsd: 0.5, durationMs: 300 },
    evaluations: [
      { evaluatorName: "commands", score: 0, maxScore: 1 },
      { evaluatorName: "heuristics", score: 0.2, maxScore: 1 },
      { evaluatorName: "judge", ...skipped }
    ]
  },
  {
    suite,
    batchId,
    scenario: "s2",
    agent: "b",
    model: "m",
    tier: "L1",
    status: "infra_error",
    isSuccessful: false,
    weightedScore: null,
    totalScore: null,
    telemetry: { costUsd: null, durationMs: 200 },
    evaluations: [{ evaluatorName: "commands", ...skipped }]
  }
]

const getJson = async (target: Target, path: string) =>
  (await (await target.fetch(path)).json()) as Record<string, unknown>

/** The fields upstream's worker-client, CLI and dashboard read, each checked against the ze field it mirrors. */
export const compatCases = (target: () => Target) => {
  const withClient = clientOf(target)

  it.live("GET /api/stats carries upstream's averageScore, averageWeightedScore, averageDuration and evaluatorStats", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const suite = unique("compat-stats")
      for (const seed of seeds(suite, unique("compat-stats-batch"))) {
        yield* ze.results.submit({ payload: runPayload(seed) })
      }
      const stats = yield* ze.stats.global({ urlParams: { suite } })
      expect(stats.averageScore).toBe(stats.avgScore)
      expect(stats.averageWeightedScore).toBe(stats.avgWeightedScore)
      expect(stats.averageDuration).toBe(stats.avgDurationMs)
      expect(stats.averageScore).toBeCloseTo(0.6)
      expect(stats.averageWeightedScore).toBe(6)
      expect(stats.averageDuration).toBe(200)
      const evaluators = yield* ze.stats.evaluators({ urlParams: { suite } })
      const ran = evaluators.filter((e) => e.avgScore !== null)
      expect(Object.keys(stats.evaluatorStats).sort()).toEqual(ran.map((e) => e.evaluatorName).sort())
      for (const e of ran) {
        expect(stats.evaluatorStats[e.evaluatorName]).toEqual({
          averageScore: e.avgScore,
          maxScore: 1,
          count: e.scored
        })
      }
      expect(stats.evaluatorStats["commands"]).toEqual({ averageScore: 0.5, maxScore: 1, count: 2 })
      expect(stats.evaluatorStats["heuristics"]?.averageScore).toBeCloseTo(0.4)
      expect(stats.evaluatorStats).not.toHaveProperty("judge")

      // What upstream's `--history` and `--evaluators` read, as plain JSON.
      const raw = yield* Effect.promise(() => getJson(target(), `/api/stats?suite=${suite}`))
      expect(raw).toMatchObject({
        averageScore: raw.avgScore,
        averageWeightedScore: 6,
        averageDuration: 200,
        successRate: 1 / 3
      })
      const map = raw.evaluatorStats as Record<string, { averageScore: number; count: number }>
      expect(
        Object.entries(map).sort(([, x], [, y]) => y.averageScore - x.averageScore).map(([name, s]) => [name, s.count])
      )
        .toEqual([["commands", 2], ["heuristics", 2]])
      const empty = yield* ze.stats.global({ urlParams: { suite: unique("compat-nothing") } })
      expect(empty).toMatchObject({
        averageScore: null,
        averageWeightedScore: null,
        averageDuration: null,
        evaluatorStats: {}
      })
    })))

  it.live("GET /api/batches/:id carries upstream's duration and suite, agent and tier breakdowns", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const batchId = unique("compat-batch")
      const createdAt = Date.parse("2026-09-01T00:00:00.000Z")
      yield* ze.results.upsertBatch({ payload: { batchId, createdAt } })
      for (const seed of seeds(unique("compat-batch-suite"), batchId)) {
        yield* ze.results.submit({ payload: runPayload(seed) })
      }

      const running = yield* ze.batches.get({ path: { batchId } })
      expect([running.durationMs, running.duration]).toEqual([null, 0])
      yield* ze.results.upsertBatch({ payload: { batchId, completedAt: createdAt + 90_000 } })
      const detail = yield* ze.batches.get({ path: { batchId } })
      expect(detail.duration).toBe(detail.durationMs)
      expect(detail.duration).toBe(90_000)

      const { bySuiteScenario, byAgentModel, byTier } = detail.aggregates
      const counts = (
        g: { runs: number; successfulRuns: number; avgScore: number | null; avgTotalScore: number | null }
      ) => ({
        runs: g.runs,
        totalRuns: g.runs,
        successfulRuns: g.successfulRuns,
        avgScore: g.avgTotalScore,
        avgWeightedScore: g.avgScore
      })
      expect(detail.suiteBreakdown).toEqual(
        bySuiteScenario.map((g) => ({ suite: g.suite, scenario: g.scenario, ...counts(g) }))
      )
      expect(detail.agentBreakdown).toEqual(
        byAgentModel.map((g) => ({
          agent: g.agent,
          model: g.model,
          ...counts(g),
          minScore: g.minScore,
          maxScore: g.maxScore
        }))
      )
      expect(detail.tierBreakdown).toEqual(byTier.map((g) => ({ tier: g.tier, ...counts(g) })))

      // The values upstream's `--batch-details` prints, as plain JSON.
      const raw = yield* Effect.promise(() => getJson(target(), `/api/batches/${batchId}`))
      expect(raw.duration).toBe(90_000)
      const pick = (rows: unknown, keys: ReadonlyArray<string>) =>
        (rows as Array<Record<string, unknown>>).map((row) => keys.map((k) => row[k]))
      expect(pick(raw.suiteBreakdown, ["scenario", "runs", "totalRuns", "successfulRuns", "avgWeightedScore"])).toEqual(
        [
          ["s1", 2, 2, 1, 6],
          ["s2", 1, 1, 0, null]
        ]
      )
      expect(
        pick(raw.agentBreakdown, [
          "agent",
          "model",
          "runs",
          "successfulRuns",
          "avgWeightedScore",
          "minScore",
          "maxScore"
        ])
      )
        .toEqual([["a", "m", 2, 1, 6, 4, 8], ["b", "m", 1, 0, null, null, null]])
      expect(pick(raw.tierBreakdown, ["tier", "runs", "successfulRuns", "avgWeightedScore"])).toEqual([
        ["L0", 1, 1, 8],
        ["L1", 2, 0, 4]
      ])
      expect((raw.suiteBreakdown as Array<{ avgScore: number }>)[0]!.avgScore).toBeCloseTo(0.6)
    })))

  it.live("the OpenAPI document marks every compatibility field as such", () =>
    Effect.promise(async () => {
      const text = await (await target().fetch("/api/openapi.json")).text()
      for (
        const name of [
          "averageScore",
          "averageWeightedScore",
          "averageDuration",
          "evaluatorStats",
          "duration",
          "suiteBreakdown",
          "agentBreakdown",
          "tierBreakdown"
        ]
      ) {
        expect(text, name).toContain(`Compatibility: upstream ze-benchmarks' ${name} (`)
      }
    }))
}
