import type { ScenarioBaseline } from "@ze/domain"
import { Effect } from "effect"
import { runValidation } from "../evaluators/Commands.js"
import { runHeuristics } from "../evaluators/Heuristics.js"
import { judgeNotApplicable } from "../evaluators/LlmJudge.js"
import { HarnessSettings } from "../HarnessSettings.js"
import type { Scenario } from "../scenario/Scenario.js"
import { scenarioKey } from "../scenario/Scenario.js"
import { Workspaces } from "../workspace/Workspaces.js"
import { checksOf } from "./Checks.js"

/** Validation commands and heuristic checks over a workspace, as a run is evaluated (the judge aside). */
export const evaluateWorkspace = (scenario: Scenario, dir: string) =>
  Effect.gen(function*() {
    const settings = yield* HarnessSettings
    const options = {
      timeout: settings.validationTimeout,
      outputCapBytes: settings.outputCapBytes,
      outputLimitBytes: settings.outputLimitBytes
    }
    const validation = yield* runValidation(scenario, dir, options)
    const heuristics = yield* runHeuristics(scenario, dir, { ...options, timeout: settings.heuristicTimeout })
    return {
      validation,
      heuristics,
      checks: checksOf(validation, heuristics, scenario.config.rubric_overrides?.weights ?? {})
    }
  })

/** The untouched fixture in a fresh workspace, evaluated with the scenario's own evaluators and no agent. */
export const evaluateBaseline = (scenario: Scenario, fingerprint: string) =>
  Effect.gen(function*() {
    const workspaces = yield* Workspaces
    const workspace = yield* workspaces.acquire({ scenario, label: `${scenario.suite}-${scenario.name}-baseline` })
    const { checks } = yield* evaluateWorkspace(scenario, workspace.dir)
    return {
      scenario: scenarioKey(scenario),
      fingerprint,
      evaluatedAt: new Date().toISOString(),
      checks,
      judgeNotApplicable: judgeNotApplicable(scenario) ?? null
    } satisfies ScenarioBaseline
  }).pipe(Effect.scoped, Effect.withSpan("evaluateBaseline", { attributes: { scenario: scenarioKey(scenario) } }))
