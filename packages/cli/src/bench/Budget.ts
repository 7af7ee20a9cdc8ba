import type { Agent, AgentsShape, CellResult, ProgressEvent, Usage } from "@ze/harness"
import { AgentBudgetExceeded, Agents } from "@ze/harness"
import { Context, Effect, FiberRef, Layer, Option, Ref } from "effect"

export interface Spend {
  readonly usd: number
  readonly pricedRuns: number
  readonly unpricedRuns: number
}

/**
 * The batch's money: what ended cells spent (agent + judge; unpriced runs are counted, not charged), what each
 * running cell may still spend (its reservation), and how many cells have not started yet.
 */
export interface BudgetState {
  readonly spend: Spend
  readonly notStarted: number
  readonly reserved: ReadonlyMap<string, number>
  /** The agent's own cost per running cell, for when the stored run cannot be read back. */
  readonly agentCosts: ReadonlyMap<string, number | null>
}

export const initialBudget: BudgetState = {
  spend: { usd: 0, pricedRuns: 0, unpricedRuns: 0 },
  notStarted: 0,
  reserved: new Map(),
  agentCosts: new Map()
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0)

/** The budget not yet spent nor held by a running cell. */
export const unreserved = (state: BudgetState, maxUsd: number) =>
  maxUsd - state.spend.usd - sum(state.reserved.values())

/**
 * A starting cell reserves its share: what is left, split among the cells that can still run alongside it
 * (`min(concurrency, cells not yet started)`). A share ≤ 0 means the cell must not start.
 */
export const reserve = (
  state: BudgetState,
  runId: string,
  maxUsd: number,
  concurrency: number
): readonly [number, BudgetState] => {
  const share = unreserved(state, maxUsd) / Math.max(1, Math.min(concurrency, state.notStarted))
  return [share, {
    ...state,
    notStarted: Math.max(0, state.notStarted - 1),
    reserved: new Map([...state.reserved, [runId, Math.max(0, share)]])
  }]
}

/** An ended cell: its actual cost is recorded (`null`: unpriced; none: nothing ran) and its reservation released. */
export const settle = (state: BudgetState, runId: string, costUsd: Option.Option<number | null>): BudgetState => {
  const without = <A>(map: ReadonlyMap<string, A>) => new Map([...map].filter(([id]) => id !== runId))
  const spend = Option.match(costUsd, {
    onNone: () => state.spend,
    onSome: (usd): Spend =>
      usd === null
        ? { ...state.spend, unpricedRuns: state.spend.unpricedRuns + 1 }
        : { ...state.spend, usd: state.spend.usd + usd, pricedRuns: state.spend.pricedRuns + 1 }
  })
  return {
    spend,
    notStarted: state.notStarted,
    reserved: without(state.reserved),
    agentCosts: without(state.agentCosts)
  }
}

export class BatchBudget extends Context.Tag("ze/cli/BatchBudget")<BatchBudget, Ref.Ref<BudgetState>>() {
  static readonly layer = Layer.effect(BatchBudget, Ref.make(initialBudget))
}

/** The run id of the cell the current fiber runs: the runner runs a cell's agent in the fiber that announced it. */
const currentRun = FiberRef.unsafeMake(Option.none<string>())

const refusedUsage: Usage = { tokensIn: 0, tokensOut: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 }

const budgeted = (agent: Agent, budget: Ref.Ref<BudgetState>, maxUsd: Option.Option<number>): Agent => ({
  ...agent,
  run: (input) =>
    Effect.gen(function*() {
      const announced = yield* FiberRef.get(currentRun)
      const state = yield* Ref.get(budget)
      // A run outside a batch's events (no cell announced) gets what is left and is charged when it ends.
      const share = Option.map(maxUsd, (max) =>
        Option.getOrElse(
          Option.flatMap(announced, (runId) => Option.fromNullable(state.reserved.get(runId))),
          () => unreserved(state, max)
        ))
      const record = (usage: Usage | undefined) =>
        Ref.update(budget, (current) =>
          Option.match(announced, {
            onNone: () => settle(current, "", Option.some(usage?.costUsd ?? null)),
            onSome: (runId) => ({
              ...current,
              agentCosts: new Map([...current.agentCosts, [runId, usage?.costUsd ?? null]])
            })
          }))
      if (Option.isSome(share) && share.value <= 0) {
        yield* record(refusedUsage)
        return yield* new AgentBudgetExceeded({
          agent: agent.name,
          limit: "maxCostUsd",
          message: `not started: the batch budget of $${
            Option.getOrElse(maxUsd, () => 0)
          } is spent or held by running cells ` +
            `($${state.spend.usd.toFixed(4)} spent so far)`,
          usage: refusedUsage
        })
      }
      const limits = Option.match(share, {
        onNone: () => input.limits,
        onSome: (usd) => ({ ...input.limits, maxCostUsd: Math.min(input.limits.maxCostUsd ?? usd, usd) })
      })
      return yield* agent.run({ ...input, limits }).pipe(
        Effect.tap((output) => record(output.usage)),
        Effect.tapError((error) => record(error.usage))
      )
    })
})

/** Every agent of `Agents`, held to its cell's share of `maxUsd` when given. */
export const budgetedAgents = (maxUsd: Option.Option<number>) =>
  Layer.effect(
    Agents,
    Effect.gen(function*() {
      const agents = yield* Agents
      const budget = yield* BatchBudget
      return {
        ...agents,
        // Agents that call no model (echo, oracle, replay) spend nothing: the budget never holds them back.
        get: (name) =>
          Effect.map(agents.get(name), (agent) => (agent.usesModel ? budgeted(agent, budget, maxUsd) : agent))
      } satisfies AgentsShape
    })
  )

/** A cell's total cost (agent + judge), as the runner stored it; `null` when the agent's model is unpriced. */
const cellCost = (result: CellResult): number | null =>
  result.costUsd === null ? null : result.costUsd + (result.judgeCostUsd ?? 0)

/**
 * Keeps the budget from the batch's events: a starting cell reserves its share, an ending cell records its actual
 * cost (agent + judge, as stored) and releases its share.
 */
export const budgetEvents = (options: { readonly maxUsd: Option.Option<number>; readonly concurrency: number }) =>
  Effect.gen(function*() {
    const budget = yield* BatchBudget
    return (event: ProgressEvent): Effect.Effect<void> => {
      switch (event._tag) {
        case "BatchStarted":
          return Ref.update(budget, (state) => ({ ...state, notStarted: event.toRun }))
        case "CellStarted": {
          const runId = event.cell.runId
          return Effect.zipRight(
            FiberRef.set(currentRun, Option.some(runId)),
            Option.match(options.maxUsd, {
              onNone: () =>
                Ref.update(budget, (state) => ({ ...state, notStarted: Math.max(0, state.notStarted - 1) })),
              onSome: (max) => Ref.update(budget, (state) => reserve(state, runId, max, options.concurrency)[1])
            })
          )
        }
        case "CellFinished": {
          const result = event.result
          return Ref.update(budget, (state) => settle(state, result.cell.runId, Option.some(cellCost(result))))
        }
        default:
          return Effect.void
      }
    }
  })
