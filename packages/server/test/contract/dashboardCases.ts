import { expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { mean, scoreBuckets, wilsonInterval } from "@ze/domain"
import { Effect, Layer, Option, Redacted } from "effect"
import { runPayload, unique } from "./fixtures.js"
import type { Target } from "./Target.js"
import { contractSettings } from "./Target.js"

/** A client of the running target, built when the test runs (after the target has started). */
export const clientOf = (target: () => Target) => <A, E>(effect: Effect.Effect<A, E, ZeClient>) =>
  Effect.provide(
    effect,
    ZeClient.layerWith({ baseUrl: target().baseUrl, apiKey: Option.some(Redacted.make(contractSettings.writeKey)) })
      .pipe(
        Layer.provide(target().httpClient)
      )
  )

const scores = [0, 2.9, 3, 4.99, 5, 6.5, 7, 8.9, 9, 10, null, 1, 9.5, null, 7.5, 3.3, 10]
const days = ["2026-07-01", "2026-07-02", "2026-07-04"]

/** The dashboard's overview and the runs page's facets, recounted from the runs the test seeds. */
export const dashboardCases = (target: () => Target) => {
  const withClient = clientOf(target)

  it.live("the overview recounts the filtered runs: stats, buckets, trend, newest runs and batches, top 5", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const suite = unique("overview")
      const [older, newer] = [unique("ov-batch"), unique("ov-batch")]
      yield* ze.results.upsertBatch({ payload: { batchId: older, createdAt: Date.parse("2026-07-01T00:00:00.000Z") } })
      yield* ze.results.upsertBatch({ payload: { batchId: newer, createdAt: Date.parse("2026-07-03T00:00:00.000Z") } })
      const seeded = scores.map((weightedScore, i) => {
        const status = weightedScore === null
          ? "infra_error" as const
          : weightedScore >= 7
          ? "passed" as const
          : "failed" as const
        return runPayload({
          suite,
          batchId: i < 8 ? older : newer,
          agent: `a${i % 6}`,
          model: `m${i % 6}`,
          weightedScore,
          status,
          isSuccessful: status === "passed",
          startedAt: `${days[i % 3]}T${String(i).padStart(2, "0")}:30:00.000Z`,
          telemetry: i % 4 === 0
            ? { costUsd: null, durationMs: 10 }
            : { costUsd: 0.1 * i, judgeCostUsd: i % 2 ? 0.05 : null, durationMs: 100 * i }
        })
      })
      for (const payload of seeded) yield* ze.results.submit({ payload })
      const overview = yield* ze.dashboard.overview({ urlParams: { suite } })

      const passes = seeded.filter((run) => run.isSuccessful).length
      expect(overview.stats).toEqual(yield* ze.stats.global({ urlParams: { suite } }))
      expect(overview.stats).toMatchObject({ totalRuns: 17, successfulRuns: passes })
      expect(overview.stats.successRateInterval).toEqual(wilsonInterval(passes, 17))
      const priced = seeded.flatMap(({ telemetry }) =>
        telemetry?.costUsd == null ? [] : [telemetry.costUsd + (telemetry.judgeCostUsd ?? 0)]
      )
      expect(overview.stats.avgCostPerRun).toBeCloseTo(mean(priced)!, 12)

      const scored = scores.filter((score): score is number => score !== null)
      expect(overview.scoreDistribution.map(({ label, lower, upper, runs }) => ({ label, lower, upper, runs })))
        .toEqual(
          scoreBuckets.map((bucket, i) => ({
            ...bucket,
            runs: scored.filter((s) =>
              s >= bucket.lower && (s < bucket.upper || (i === scoreBuckets.length - 1 && s <= 10))
            ).length
          }))
        )
      expect(overview.scoreDistribution.map((b) =>
        b.runs
      )).toEqual([3, 3, 2, 3, 4])

      expect(overview.trend.map((point) => point.day)).toEqual(days)
      for (const point of overview.trend) {
        const ofDay = seeded.filter((run) => run.startedAt!.startsWith(point.day))
        const dayPasses = ofDay.filter((run) => run.isSuccessful).length
        expect(point).toMatchObject({ runs: ofDay.length, passes: dayPasses, passRate: dayPasses / ofDay.length })
        expect(point.passRateInterval).toEqual(wilsonInterval(dayPasses, ofDay.length))
        expect(point.avgScore).toBeCloseTo(
          mean(ofDay.flatMap((run) => run.weightedScore == null ? [] : [run.weightedScore]))!,
          12
        )
      }

      const newest = yield* ze.runs.list({ urlParams: { suite } })
      expect(overview.recentRuns).toEqual(newest.slice(0, 15))
      expect(overview.recentRuns).toHaveLength(15)
      expect(overview.recentBatches.map((batch) => [batch.batchId, batch.totalRuns])).toEqual([[newer, 9], [older, 8]])
      const leaderboard = yield* ze.stats.agentModels({ urlParams: { suite } })
      expect(leaderboard).toHaveLength(6)
      expect(overview.topAgentModels).toEqual(leaderboard.slice(0, 5))

      const narrowed = yield* ze.dashboard.overview({ urlParams: { suite, agent: "a0", batchId: older } })
      expect(narrowed.stats.totalRuns).toBe(seeded.filter((run, i) => run.agent === "a0" && i < 8).length)
      expect(narrowed.recentBatches.map((batch) => batch.batchId)).toEqual([older])
      expect(narrowed.topAgentModels.map((group) => group.agent)).toEqual(["a0"])

      const empty = yield* ze.dashboard.overview({ urlParams: { suite: unique("nothing") } })
      expect(empty).toMatchObject({ recentRuns: [], recentBatches: [], topAgentModels: [], trend: [] })
      expect(empty.stats).toMatchObject({ totalRuns: 0, successRateInterval: null, avgCostPerRun: null })
      expect(empty.scoreDistribution.map((b) => [b.label, b.runs])).toEqual(scoreBuckets.map((b) => [b.label, 0]))
    })))

  it.live("facets list every filter's distinct values, sorted, and are not read as a run id", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const suite = unique("facets")
      const batchId = unique("facets-batch")
      const agent = unique("facets-agent")
      yield* ze.results.upsertBatch({ payload: { batchId, createdAt: Date.parse("2100-01-01T00:00:00.000Z") } })
      yield* ze.results.submit({
        payload: runPayload({
          suite,
          scenario: "z1",
          tier: "T9",
          agent,
          model: null,
          status: "timeout",
          isSuccessful: false,
          batchId
        })
      })
      yield* ze.results.submit({
        payload: runPayload({ suite, scenario: "z0", tier: "T9", agent, model: `${agent}-model`, batchId })
      })
      yield* ze.results.upsertBatch({
        payload: { batchId: unique("facets-empty"), createdAt: Date.parse("2100-02-01T00:00:00.000Z") }
      })

      const facets = yield* ze.runs.facets({})
      const sorted = (values: ReadonlyArray<string>) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      for (const values of [facets.suites, facets.tiers, facets.agents, facets.models, facets.statuses]) {
        expect(values).toEqual(sorted(values))
        expect(new Set(values).size).toBe(values.length)
      }
      expect(facets.suites).toContain(suite)
      expect(facets.scenarios.filter((s) => s.suite === suite)).toEqual([{ suite, scenario: "z0" }, {
        suite,
        scenario: "z1"
      }])
      expect(facets.tiers).toContain("T9")
      expect(facets.agents).toContain(agent)
      expect(facets.models).toContain(`${agent}-model`)
      expect(facets.models.every((model) => typeof model === "string")).toBe(true)
      expect(facets.statuses).toEqual(expect.arrayContaining(["timeout", "passed"]))
      // Only batches that hold runs, newest first.
      expect(facets.batches[0]).toEqual({ batchId, createdAt: Date.parse("2100-01-01T00:00:00.000Z") })
      expect(facets.batches.length).toBeLessThanOrEqual(50)
      const raw = yield* Effect.promise(() => target().fetch("/api/runs/facets"))
      expect(raw.status).toBe(200)
    })))
}
