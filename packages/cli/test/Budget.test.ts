import { describe, expect, it } from "@effect/vitest"
import type { Agent, AgentInput } from "@ze/harness"
import { Agents } from "@ze/harness"
import { Effect, Either, Layer, Option, Ref } from "effect"
import { BatchSpend, budgetedAgents } from "../src/bench/Budget.js"

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
  budgetedAgents(maxUsd).pipe(Layer.provideMerge(Layer.merge(Agents.with([agent]), BatchSpend.layer)))

describe("the batch budget (--max-cost)", () => {
  it.effect("passes the budget left to each run and refuses to start once the next run would pass it", () =>
    Effect.gen(function*() {
      const agent = yield* Effect.flatMap(Agents, (agents) => agents.get("costly"))
      const first = yield* agent.run(input)
      expect(first.finalText).toBe("limit 1")
      yield* agent.run(input)
      expect(yield* Effect.flatMap(BatchSpend, Ref.get)).toEqual({ usd: 0.8, pricedRuns: 2, unpricedRuns: 0 })
      const third = yield* Effect.either(agent.run(input))
      expect(Either.isLeft(third) && third.left._tag === "AgentBudgetExceeded" && third.left.limit).toBe("maxCostUsd")
    }).pipe(Effect.provide(withBudget(costly(0.4), Option.some(1)))))

  it.effect("without a budget it only counts, and unpriced runs are counted apart, never as $0", () =>
    Effect.gen(function*() {
      const agent = yield* Effect.flatMap(Agents, (agents) => agents.get("costly"))
      yield* agent.run(input)
      yield* agent.run(input)
      expect(yield* Effect.flatMap(BatchSpend, Ref.get)).toEqual({ usd: 0, pricedRuns: 0, unpricedRuns: 2 })
    }).pipe(Effect.provide(withBudget(costly(null), Option.none()))))
})
