import { describe, expect, it } from "@effect/vitest"
import type { Agent, AgentInput, CellRef, CellResult } from "@ze/harness"
import { Agents, ProgressEvent } from "@ze/harness"
import { Effect, Either, Layer, Option, Ref } from "effect"
import {
  BatchBudget,
  budgetedAgents,
  budgetEvents,
  initialBudget,
  reserve,
  settle,
  unreserved
} from "../src/bench/Budget.js"

const costly = (costUsd: number | null): Agent => ({
  name: "costly",
  version: "1",
  usesModel: true,
  run: (input) =>
    Effect.succeed({
      finalText: `limit ${input.limits.maxCostUsd ?? "none"}`,
      usage: { tokensIn: 1, tokensOut: 1, cacheReadTokens: null, cacheWriteTokens: null, costUsd }
    })
})

const input = { limits: {} } as unknown as AgentInput

const withBudget = (agent: Agent, maxUsd: Option.Option<number>) =>
  budgetedAgents(maxUsd).pipe(Layer.provideMerge(Layer.merge(Agents.with([agent]), BatchBudget.layer)))

const cell = (runId: string): CellRef => ({
  runId,
  suite: "s",
  scenario: "x",
  tier: "L0",
  agent: "costly",
  model: null,
  repeat: 0
})
const result = (runId: string, costUsd: number | null) =>
  ({
    cell: cell(runId),
    status: "passed",
    failureReason: null,
    weightedScore: 10,
    totalScore: 1,
    isSuccessful: true,
    evaluations: [],
    durationMs: 1,
    costUsd,
    judgeCostUsd: 0
  }) satisfies CellResult

describe("the batch budget (--max-cost)", () => {
  it("reservations: each starting cell gets what is left split among the cells that can run with it", () => {
    const started = { ...initialBudget, notStarted: 3 }
    const [first, one] = reserve(started, "a", 2.5, 3)
    const [second, two] = reserve(one, "b", 2.5, 3)
    const [third, three] = reserve(two, "c", 2.5, 3)
    expect([first, second, third].map((share) => share.toFixed(4))).toEqual(["0.8333", "0.8333", "0.8333"])
    expect(unreserved(three, 2.5)).toBeCloseTo(0)
    // A cell that ends under its share gives the rest back; one that overshoots eats into the others'.
    const ended = settle(three, "a", Option.some(1.2))
    expect(ended.spend).toEqual({ usd: 1.2, pricedRuns: 1, unpricedRuns: 0 })
    expect(unreserved(ended, 2.5)).toBeCloseTo(2.5 - 1.2 - 2 * 2.5 / 3)
    expect(reserve({ ...ended, notStarted: 1 }, "d", 2.5, 3)[0]).toBeLessThanOrEqual(0)
  })

  it("reservations: one at a time, each cell gets everything left; an unpriced run is counted, never charged", () => {
    const [first, one] = reserve({ ...initialBudget, notStarted: 3 }, "a", 2.5, 1)
    expect(first).toBe(2.5)
    const [second, two] = reserve(settle(one, "a", Option.some(1)), "b", 2.5, 1)
    expect(second).toBe(1.5)
    expect(settle(two, "b", Option.some(null)).spend).toEqual({ usd: 1, pricedRuns: 1, unpricedRuns: 1 })
  })

  it.effect("concurrent cells are held to their shares (together at most the budget), and a cell left without one is refused having spent 0", () =>
    Effect.gen(function*() {
      const agent = yield* Effect.flatMap(Agents, (agents) => agents.get("costly"))
      const onEvent = yield* budgetEvents({ maxUsd: Option.some(2.5), concurrency: 3 })
      yield* onEvent(ProgressEvent.BatchStarted({ batchId: "b", cells: 4, toRun: 4, shard: null, warnings: [] }))
      // As the runner does: each cell announces itself, then runs its agent in a child fiber (the timeout).
      const runCell = (runId: string, cost: number) =>
        Effect.gen(function*() {
          yield* onEvent(ProgressEvent.CellStarted({ cell: cell(runId) }))
          const output = yield* Effect.either(agent.run(input).pipe(Effect.timeout("1 second")))
          yield* onEvent(ProgressEvent.CellFinished({ result: result(runId, cost) }))
          return output
        })
      const first = yield* Effect.forEach(["a", "b", "c"], (runId) => runCell(runId, 1), { concurrency: 3 })
      // Four cells to run, three at a time: $2.5 / 3, then the rest split among the three cells still to start.
      const limits = first.map((
        output
      ) => (Either.isRight(output) ? Number(output.right.finalText.slice("limit ".length)) : NaN))
      expect(limits.map((usd) => usd.toFixed(4))).toEqual(["0.8333", "0.5556", "0.5556"])
      expect(limits.reduce((sum, usd) => sum + usd, 0)).toBeLessThanOrEqual(2.5 + 1e-9)
      const refused = yield* runCell("d", 0)
      expect(Either.isLeft(refused) && refused.left._tag === "AgentBudgetExceeded" && refused.left.usage?.costUsd).toBe(
        0
      )
      expect((yield* Effect.flatMap(BatchBudget, Ref.get)).spend).toEqual({ usd: 3, pricedRuns: 4, unpricedRuns: 0 })
    }).pipe(Effect.provide(withBudget(costly(1), Option.some(2.5)))))

  it.effect("without a batch's events the agent gets what is left and is charged when it ends", () =>
    Effect.gen(function*() {
      const agent = yield* Effect.flatMap(Agents, (agents) => agents.get("costly"))
      expect((yield* agent.run(input)).finalText).toBe("limit 1")
      expect((yield* agent.run(input)).finalText).toBe("limit 0.6")
      expect((yield* Effect.flatMap(BatchBudget, Ref.get)).spend).toEqual({ usd: 0.8, pricedRuns: 2, unpricedRuns: 0 })
    }).pipe(Effect.provide(withBudget(costly(0.4), Option.some(1)))))
})
