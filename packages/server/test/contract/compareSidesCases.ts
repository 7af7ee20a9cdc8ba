import { expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Effect } from "effect"
import { clientOf } from "./dashboardCases.js"
import { runPayload, unique } from "./fixtures.js"
import type { Target } from "./Target.js"

const specialist = { specialistEnabled: true, specialistName: "fizz", specialistVersion: "1.2.0" }

/**
 * One batch ran two agents plain and with the specialist `fizz`: anthropic fails plain and passes with it, openai
 * scores the same either way. A second batch holds only plain anthropic runs.
 */
const seed = Effect.gen(function*() {
  const ze = yield* ZeClient
  const [mixed, plain] = [unique("sides"), unique("sides-plain")]
  for (const scenario of Array.from({ length: 6 }, (_, i) => `s${i}`)) {
    for (const repeat of [0, 1]) {
      const run = (overrides: Parameters<typeof runPayload>[0]) =>
        ze.results.submit({ payload: runPayload({ scenario, repeat, ...overrides }) })
      const failed = { status: "failed", isSuccessful: false } as const
      yield* run({ batchId: mixed, agent: "anthropic", weightedScore: 3, ...failed })
      yield* run({ batchId: mixed, agent: "anthropic", weightedScore: 8 + repeat, ...specialist })
      yield* run({ batchId: mixed, agent: "openai", weightedScore: 4, ...failed })
      yield* run({ batchId: mixed, agent: "openai", weightedScore: 4, ...failed, ...specialist })
      yield* run({ batchId: plain, agent: "anthropic", weightedScore: 2, ...failed })
    }
  }
  return { mixed, plain }
})

/** Sides of a comparison: a batch narrowed by specialist, agent or model, in both modes, named in the answer. */
export const compareSidesCases = (target: () => Target) => {
  const withClient = clientOf(target)

  it.live("one batch's specialist runs compare with the same agents' plain runs, cell by cell and named", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const { mixed, plain } = yield* seed
      const compare = (urlParams: Omit<Parameters<typeof ze.compare.batches>[0]["urlParams"], "base" | "head">) =>
        ze.compare.batches({ urlParams: { base: mixed, head: mixed, ...urlParams } })

      const both = yield* compare({ baseSpecialist: "none", headSpecialist: "fizz" })
      expect(both.base).toEqual({ batchId: mixed, specialist: "none", label: `batch ${mixed}, no specialist` })
      expect(both.head).toEqual({ batchId: mixed, specialist: "fizz", label: `batch ${mixed}, specialist fizz` })
      // Two agents on each side: each agent's specialist cell pairs with its own plain cell, never across agents.
      expect(both.pairs).toBe(12)
      expect(both.cells.every((cell) => cell.specialist === undefined)).toBe(true)
      expect(both.flippedToPass.map((cell) => cell.agent)).toEqual(Array(6).fill("anthropic"))
      expect(both.onlyInBase).toEqual([])
      expect(both.onlyInHead).toEqual([])
      const openai = both.cells.filter((cell) => cell.agent === "openai")
      expect(openai.map((cell) => cell.scoreDifference)).toEqual(Array(6).fill(0))

      const anthropic = yield* compare({
        baseSpecialist: "none",
        headSpecialist: "fizz",
        baseAgent: "anthropic",
        headAgent: "anthropic"
      })
      expect(anthropic.headSide.label).toBe(`batch ${mixed}, agent anthropic, specialist fizz`)
      expect(anthropic).toMatchObject({ verdict: "better", pairs: 6, mode: "fixed" })
      expect(anthropic.cells.every((cell) => cell.agent === undefined)).toBe(true)
      expect(anthropic.score.meanDifference).toBeCloseTo(5.5, 12)

      // Sequential on the same sides: runs paired by cell and repeat, all 12 won by the specialist.
      const sequential = yield* compare({
        baseSpecialist: "none",
        headSpecialist: "fizz",
        baseAgent: "anthropic",
        headAgent: "anthropic",
        mode: "sequential"
      })
      expect(sequential).toMatchObject({ mode: "sequential", verdict: "better", base: anthropic.baseSide })
      expect(sequential.sequential).toMatchObject({ pairs: 12, discordant: 12, headWins: 12 })

      // Different agents on the two sides: the agent is what is compared, so cells pair across it.
      const agents = yield* compare({ baseAgent: "openai", headAgent: "anthropic", headSpecialist: "fizz" })
      expect(agents).toMatchObject({ pairs: 6, verdict: "better" })
      expect(agents.cells.every((cell) => cell.agent === undefined && cell.model === undefined)).toBe(true)

      // Two batches, one side narrowed: the plain batch against the mixed batch's specialist runs of anthropic.
      const across = yield* ze.compare.batches({
        urlParams: { base: plain, head: mixed, headSpecialist: "fizz", headAgent: "anthropic" }
      })
      expect(across.base).toEqual({ batchId: plain, label: `batch ${plain}` })
      expect(across).toMatchObject({ pairs: 6, verdict: "better", headBatchId: mixed })

      // A side that matches no run (a misspelt specialist) is a 400 naming the parameter, not an empty side that
      // reads as "insufficient evidence" and passes a gate.
      const nobody = yield* Effect.flip(compare({ baseSpecialist: "none", headSpecialist: "no-such-specialist" }))
      expect(nobody._tag).toBe("InvalidRequest")
      expect(nobody.message).toBe(
        `The head side matches no run: batch ${mixed} has no specialist no-such-specialist (it holds specialist fizz, none)`
      )
      expect(nobody._tag === "InvalidRequest" && nobody.issues?.map((issue) => issue.path)).toEqual(["headSpecialist"])
      const noAgent = yield* Effect.flip(compare({ baseSpecialist: "none", baseAgent: "nobody" }))
      expect(noAgent._tag === "InvalidRequest" && noAgent.issues?.map((issue) => issue.path)).toEqual(["baseAgent"])
    })))

  it.live("cost by agent × model keeps a specialist apart from the agent it wraps, from the runs and the rollups", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const { mixed } = yield* seed
      const rows = (cost: { readonly byAgentModel: ReadonlyArray<{ agent: string; specialist: string | null }> }) =>
        cost.byAgentModel.map((row) => `${row.agent}+${row.specialist ?? "none"}`).sort()
      // A batch filter recounts the batch's runs: 12 runs in each of the four configurations, 0.01 USD each.
      const batch = yield* ze.stats.cost({ urlParams: { batchId: mixed } })
      expect(rows(batch)).toEqual(["anthropic+fizz", "anthropic+none", "openai+fizz", "openai+none"])
      expect(batch.byAgentModel.every((row) => row.runs === 12)).toBe(true)
      expect(batch.byAgentModel.find((row) => row.agent === "anthropic" && row.specialist === "fizz")).toMatchObject({
        successfulRuns: 12,
        avgScore: 8.5
      })
      expect(batch.runs).toBe(48)
      expect(batch.totalCostUsd).toBeCloseTo(0.48)
      // Without a batch the rollups answer, split the same way: this batch's runs are among the store's.
      const anthropic = yield* ze.stats.cost({ urlParams: { agent: "anthropic", model: "none" } })
      expect(rows(anthropic)).toEqual(["anthropic+fizz", "anthropic+none"])
      const fizz = anthropic.byAgentModel.find((row) => row.specialist === "fizz")!
      expect(fizz.runs % 12).toBe(0)
      expect(fizz.runs).toBeGreaterThanOrEqual(12)
      expect(fizz.successfulRuns).toBe(fizz.runs)
      expect(fizz.totalCostUsd).toBeCloseTo(fizz.runs * 0.01)
    })))

  it.live("runs, stats and facets filter by specialist, `none` being the plain agents' runs", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const { mixed } = yield* seed
      const fizz = yield* ze.runs.list({ urlParams: { batchId: mixed, specialist: "fizz", limit: 100 } })
      expect(fizz).toHaveLength(24)
      expect(fizz.every((run) => run.specialistName === "fizz")).toBe(true)
      const plain = yield* ze.runs.list({ urlParams: { batchId: mixed, specialist: "none", limit: 100 } })
      expect(plain).toHaveLength(24)
      expect(plain.every((run) => run.specialistName === null)).toBe(true)
      expect(yield* ze.runs.list({ urlParams: { batchId: mixed, specialist: "nosuch" } })).toEqual([])
      // From the runs (a batch filter) and from the rollups (no batch): the same split.
      const byBatch = yield* ze.stats.agentModels({ urlParams: { batchId: mixed, specialist: "fizz" } })
      expect(byBatch.map((g) => [g.agent, g.specialist, g.runs])).toEqual([["anthropic", "fizz", 12], [
        "openai",
        "fizz",
        12
      ]])
      const rolled = yield* ze.stats.agentModels({ urlParams: { specialist: "fizz" } })
      expect(rolled.length).toBeGreaterThan(0)
      expect(rolled.every((g) => g.specialist === "fizz")).toBe(true)
      const rolledPlain = yield* ze.stats.agentModels({ urlParams: { specialist: "none" } })
      expect(rolledPlain.filter((g) => g.agent === "anthropic" || g.agent === "openai").length).toBeGreaterThan(0)
      expect(rolledPlain.every((g) => g.specialist === undefined || g.specialist === null)).toBe(true)
      // An empty name is no specialist: stored as a plain run, and refused as a filter (it would name nothing).
      const blank = yield* ze.results.submit({
        payload: runPayload({ batchId: mixed, agent: "blank-specialist", specialistEnabled: true, specialistName: "" })
      })
      expect((yield* ze.runs.get({ path: { runId: blank.runId } })).run.specialistName).toBeNull()
      expect(yield* ze.runs.list({ urlParams: { batchId: mixed, agent: "blank-specialist", specialist: "none" } }))
        .toHaveLength(1)
      const empty = yield* Effect.promise(async () => {
        const response = await target().fetch("/api/runs?specialist=")
        return {
          status: response.status,
          body: await response.json() as { _tag: string; issues: Array<{ path: string }> }
        }
      })
      expect([empty.status, empty.body._tag, empty.body.issues.map((issue) => issue.path)]).toEqual([
        400,
        "InvalidRequest",
        ["specialist"]
      ])
      const facets = yield* ze.runs.facets({})
      expect(facets.specialists).toContain("fizz")
      expect(facets.specialists).not.toContain("")
    })))

  it.live("two batches without filters pair as before: whole batches, cells without specialist, sides named", () =>
    withClient(Effect.gen(function*() {
      const ze = yield* ZeClient
      const { mixed, plain } = yield* seed
      const whole = yield* ze.compare.batches({ urlParams: { base: plain, head: mixed } })
      expect(whole.base).toEqual({ batchId: plain, label: `batch ${plain}` })
      expect(whole.head).toEqual({ batchId: mixed, label: `batch ${mixed}` })
      // The mixed batch holds several agents and specialists: each is its own cell; only plain anthropic pairs.
      expect(whole.pairs).toBe(6)
      expect(whole.cells.every((cell) => cell.agent === "anthropic" && cell.specialist === undefined)).toBe(true)
      expect(whole.onlyInHead.filter((cell) => cell.specialist === "fizz").length).toBe(12)
      const answer = yield* Effect.promise(async () =>
        (await target().fetch(`/api/compare?base=${plain}&head=${mixed}`)).json() as Promise<Record<string, unknown>>
      )
      expect(Object.keys(answer).sort()).toEqual(
        [
          "base",
          "baseBatchId",
          "cells",
          "changedScenario",
          "flippedToFail",
          "flippedToPass",
          "head",
          "headBatchId",
          "method",
          "mode",
          "onlyInBase",
          "onlyInHead",
          "pairs",
          "passFail",
          "reason",
          "score",
          "sequential",
          "verdict"
        ]
      )
    })))

  it.live("two sides naming the same runs are a 400 that says so; one narrowed side is not", () =>
    Effect.gen(function*() {
      const { mixed } = yield* withClient(seed)
      const ask = (query: string) =>
        Effect.promise(async () => {
          const response = await target().fetch(`/api/compare?${query}`)
          return { status: response.status, body: await response.json() as Record<string, unknown> }
        })
      for (
        const query of [
          `base=${mixed}&head=${mixed}`,
          `base=${mixed}&head=${mixed}&baseSpecialist=none&headSpecialist=none&mode=sequential`
        ]
      ) {
        const same = yield* ask(query)
        expect(same.status).toBe(400)
        expect(same.body.issues).toEqual([{ path: "head", message: expect.stringContaining("the same runs as base") }])
      }
      expect((yield* ask(`base=${mixed}&head=${mixed}&headSpecialist=fizz`)).status).toBe(200)
      const empty = yield* ask(`base=${mixed}&head=${mixed}&headSpecialist=`)
      expect(empty.status).toBe(400)
      expect(empty.body.issues).toEqual([{ path: "headSpecialist", message: expect.any(String) }])
    }))
}
