import type { WarmupOutcome } from "@ze/domain"
import { Effect, Option } from "effect"
import type { Scope } from "effect"
import type { Agents } from "../agents/Agents.js"
import type { HarnessSettings } from "../HarnessSettings.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { runWarmup, skippedWarmup } from "./Warmup.js"
import { hasWarmup } from "./WarmupRules.js"

export interface WarmupsResult {
  /** Scenarios whose warmup succeeded, with the prepared copy as their fixture, by `suite/scenario`. */
  readonly warmed: ReadonlyMap<string, Scenario>
  /** Why each failed warmup failed, by `suite/scenario`: those scenarios' cells end `infra_error`. */
  readonly failures: ReadonlyMap<string, string>
  readonly outcomes: Readonly<Record<string, WarmupOutcome>>
  readonly folders: ReadonlyMap<string, string>
}

/** Every warmup of `scenarios` (once each), `concurrency` at a time; prepared folders live as long as the scope. */
export const runWarmups = (
  scenarios: ReadonlyArray<Scenario>,
  options: { readonly skip: boolean; readonly concurrency: number; readonly keep?: boolean }
): Effect.Effect<WarmupsResult, never, HarnessSettings | Agents | Scope.Scope> =>
  Effect.gen(function*() {
    const withWarmup = scenarios.filter(hasWarmup)
    if (withWarmup.length > 0 && !options.skip) {
      yield* Effect.logInfo(`Warming up ${withWarmup.map(scenarioKey).join(", ")} before their runs`)
    }
    if (options.skip) {
      const outcomes = Object.fromEntries(withWarmup.map((s) => [scenarioKey(s), skippedWarmup(s)]))
      return { warmed: new Map(), failures: new Map(), outcomes, folders: new Map() }
    }
    const results = yield* Effect.forEach(
      withWarmup,
      (scenario) => Effect.map(runWarmup(scenario, options), (warmed) => [scenario, warmed] as const),
      { concurrency: options.concurrency }
    )
    const warmed = new Map<string, Scenario>()
    const failures = new Map<string, string>()
    for (const [scenario, { dir, outcome }] of results) {
      if (outcome.status === "succeeded") {
        warmed.set(outcome.scenario, { ...scenario, fixtureDir: Option.some(dir), preparedBy: "warmup" })
      } else failures.set(outcome.scenario, outcome.reason ?? "the warmup failed")
    }
    return {
      warmed,
      failures,
      outcomes: Object.fromEntries(results.map(([, { outcome }]) => [outcome.scenario, outcome])),
      folders: new Map(results.map(([, { dir, outcome }]) => [outcome.scenario, dir]))
    }
  })
