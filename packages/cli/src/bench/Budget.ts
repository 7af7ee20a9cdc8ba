import type { Agent, AgentsShape, Usage } from "@ze/harness"
import { AgentBudgetExceeded, Agents } from "@ze/harness"
import { Context, Effect, Layer, Option, Ref } from "effect"

export interface Spend {
  readonly usd: number
  readonly pricedRuns: number
  readonly unpricedRuns: number
}

/** What the batch's agents have spent so far (agent cost only; unpriced runs are counted, not charged). */
export class BatchSpend extends Context.Tag("ze/cli/BatchSpend")<BatchSpend, Ref.Ref<Spend>>() {
  static readonly layer = Layer.effect(BatchSpend, Ref.make<Spend>({ usd: 0, pricedRuns: 0, unpricedRuns: 0 }))
}

const record = (spend: Ref.Ref<Spend>, usage: Usage | undefined) =>
  Ref.update(spend, (current) =>
    usage === undefined || usage.costUsd === null
      ? { ...current, unpricedRuns: current.unpricedRuns + (usage === undefined ? 0 : 1) }
      : { ...current, usd: current.usd + usage.costUsd, pricedRuns: current.pricedRuns + 1 })

/** A cell whose expected cost (the average so far) would take the batch past the budget does not start. */
const budgetLeft = (spend: Spend, maxUsd: number) => {
  const expected = spend.pricedRuns === 0 ? 0 : spend.usd / spend.pricedRuns
  return spend.usd >= maxUsd || spend.usd + expected > maxUsd ? 0 : maxUsd - spend.usd
}

const budgeted = (agent: Agent, spend: Ref.Ref<Spend>, maxUsd: Option.Option<number>): Agent => ({
  ...agent,
  run: (input) =>
    Effect.gen(function*() {
      const current = yield* Ref.get(spend)
      const left = Option.map(maxUsd, (max) => budgetLeft(current, max))
      if (Option.isSome(left) && left.value <= 0) {
        return yield* new AgentBudgetExceeded({
          agent: agent.name,
          limit: "maxCostUsd",
          message: `not started: the batch budget of $${Option.getOrElse(maxUsd, () => 0)} is spent ($${current.usd.toFixed(4)} so far)`
        })
      }
      const limits = Option.match(left, {
        onNone: () => input.limits,
        onSome: (usd) => ({ ...input.limits, maxCostUsd: Math.min(input.limits.maxCostUsd ?? usd, usd) })
      })
      return yield* agent.run({ ...input, limits }).pipe(
        Effect.tap((output) => record(spend, output.usage)),
        Effect.tapError((error) => record(spend, error.usage))
      )
    })
})

/** Every agent of `Agents`, counting what it spends into `BatchSpend`, and held to `maxUsd` when given. */
export const budgetedAgents = (maxUsd: Option.Option<number>) =>
  Layer.effect(
    Agents,
    Effect.gen(function*() {
      const agents = yield* Agents
      const spend = yield* BatchSpend
      return {
        ...agents,
        get: (name) => Effect.map(agents.get(name), (agent) => budgeted(agent, spend, maxUsd))
      } satisfies AgentsShape
    })
  )
