import { Cause, Duration, Effect } from "effect"
import type { AgentLimits, Usage } from "../agents/Agent.js"
import { AgentBudgetExceeded, AgentError } from "../agents/Agent.js"
import type { TokenUsage } from "./Pricing.js"
import { addCost, addTokens, formatCost, requestCost, zeroTokens } from "./Pricing.js"

/** What a model agent has spent so far in a run. */
export interface Spend {
  readonly turns: number
  readonly tokens: TokenUsage
  /** `null` once any request was unpriced. */
  readonly costUsd: number | null
}

export const noSpend: Spend = { turns: 0, tokens: zeroTokens, costUsd: 0 }

/** Adds one model request, priced at the model that answered it (or a cost the provider reported). */
export const addRequest = (spend: Spend, model: string, tokens: TokenUsage, reportedCostUsd?: number): Spend => ({
  turns: spend.turns + 1,
  tokens: addTokens(spend.tokens, tokens),
  costUsd: addCost(spend.costUsd, reportedCostUsd ?? requestCost(model, tokens))
})

/** Harness usage; input tokens count uncached input only, cache reads and writes are reported apart. */
export const usageOf = (spend: Spend): Usage => ({
  tokensIn: spend.tokens.input,
  tokensOut: spend.tokens.output,
  cacheReadTokens: spend.tokens.cacheRead,
  cacheWriteTokens: spend.tokens.cacheWrite,
  costUsd: spend.costUsd
})

export const describeSpend = (spend: Spend) =>
  `${spend.turns} turn(s), ${spend.tokens.input} input / ${spend.tokens.output} output tokens, ${
    formatCost(spend.costUsd)
  }`

export const budgetExceeded = (agent: string, limit: string, why: string, spend: Spend) =>
  new AgentBudgetExceeded({
    agent,
    limit,
    message: `${agent}: ${why} (spent ${describeSpend(spend)})`,
    usage: usageOf(spend)
  })

/** The run's spend against its cost ceiling, when one is set: exceeded once the total passes it. */
export const costExceeded = (agent: string, limits: AgentLimits, spend: Spend) =>
  limits.maxCostUsd !== undefined && spend.costUsd !== null && spend.costUsd > limits.maxCostUsd
    ? budgetExceeded(agent, "maxCostUsd", `the cost ceiling of $${limits.maxCostUsd} was reached`, spend)
    : undefined

/** The wall-time limit of a run, as `AgentBudgetExceeded` with limit `timeout` and what was spent by then. */
export const withWallTime =
  (agent: string, limits: AgentLimits, spent: Effect.Effect<Spend>) =>
  <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E | AgentBudgetExceeded> => {
    const timeout = limits.timeout
    if (timeout === undefined) return effect
    return Effect.timeout(effect, timeout).pipe(
      Effect.catchIf(
        (error): error is Cause.TimeoutException => Cause.isTimeoutException(error),
        () =>
          Effect.flatMap(
            spent,
            (spend) =>
              Effect.fail(
                budgetExceeded(
                  agent,
                  "timeout",
                  `the wall-time limit of ${Duration.format(timeout)} was reached`,
                  spend
                )
              )
          )
      )
    )
  }

/** A failed run still reports what it spent before failing, so its tokens and cost are stored. */
export const withSpendOnFailure = (spent: Effect.Effect<Spend>) =>
<A, R>(
  effect: Effect.Effect<A, AgentError | AgentBudgetExceeded, R>
): Effect.Effect<A, AgentError | AgentBudgetExceeded, R> =>
  Effect.catchTag(effect, "AgentError", (error) =>
    error.usage !== undefined
      ? Effect.fail(error)
      : Effect.flatMap(spent, (spend) =>
        Effect.fail(new AgentError({ agent: error.agent, message: error.message, usage: usageOf(spend) }))))
