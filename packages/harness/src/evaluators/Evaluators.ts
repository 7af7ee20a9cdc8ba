import { Effect } from "effect"
import { commandChecks, heuristicChecks } from "../baseline/Checks.js"
import type { HarnessSettingsShape } from "../HarnessSettings.js"
import type { Scenario } from "../scenario/Scenario.js"
import { needsFixture } from "../scenario/Scenario.js"
import { commandLog, runValidation } from "./Commands.js"
import type { Evaluator } from "./Evaluator.js"
import { runHeuristics } from "./Heuristics.js"
import { failingFindings, findIntegrityIssues, integrityResult } from "./Integrity.js"
import type { LlmJudgeShape } from "./LlmJudge.js"

/** The gate of required validation commands that did not pass. */
export const requiredCommandsGate = (failures: ReadonlyArray<string>) =>
  failures.length === 0 ? undefined : `required command(s) failed: ${failures.join(", ")}`

/** The gate of integrity findings the scenario declared fatal. */
export const integrityGate = (failures: ReadonlyArray<string>) =>
  failures.length === 0 ? undefined : `integrity: ${failures.join("; ")}`

/** Every declared validation command, each one evaluator; a required one that fails fails the run. */
export const validationEvaluator = (settings: HarnessSettingsShape): Evaluator => ({
  stage: "validation",
  evaluate: ({ scenario, weights, workspaceDir }) =>
    Effect.map(
      runValidation(scenario, workspaceDir, {
        timeout: settings.validationTimeout,
        outputCapBytes: settings.outputCapBytes,
        outputLimitBytes: settings.outputLimitBytes
      }),
      (validation) => {
        const log = commandLog(validation.runs)
        const gate = requiredCommandsGate(validation.requiredFailures)
        return {
          results: validation.evaluations,
          ...(gate === undefined ? {} : { gate }),
          checks: commandChecks(validation, weights),
          evidence: { commands: validation.runs },
          metadata: { commands: validation.runs.map(({ stderrTail: _e, stdoutTail: _o, ...run }) => run) },
          artifacts: log.trim() === "" ? [] : [{ name: "commands.log", contentType: "text/plain", content: log }]
        }
      }
    )
})

/** The scenario's heuristic checks as one weighted evaluator. */
export const heuristicsEvaluator = (settings: HarnessSettingsShape): Evaluator => ({
  stage: "heuristics",
  evaluate: ({ evidence, scenario, weights, workspaceDir }) =>
    Effect.map(
      runHeuristics(scenario, workspaceDir, {
        timeout: settings.heuristicTimeout,
        outputCapBytes: settings.outputCapBytes,
        outputLimitBytes: settings.outputLimitBytes,
        alreadyRan: evidence.commands
      }),
      (heuristics) => ({
        results: [heuristics.result],
        checks: heuristicChecks(heuristics, weights),
        metadata: { heuristicChecks: heuristics.checks }
      })
    )
})

/** Signs that checks were weakened rather than met; fatal ones (`integrity.fail_on`) fail the run. */
export const integrityEvaluator: Evaluator = {
  stage: "integrity",
  evaluate: ({ diff, outsideChanges, scenario }) =>
    Effect.map(outsideChanges, (outside) => {
      const findings = findIntegrityIssues(diff, outside)
      const gate = integrityGate(failingFindings(scenario.config, findings).map((f) => `${f.kind} ${f.file}`))
      return {
        results: [integrityResult(findings)],
        ...(gate === undefined ? {} : { gate }),
        evidence: { integrityFindings: findings },
        metadata: { integrityFindings: findings }
      }
    })
}

/** The LLM judge over the answer, the diff, the commands and the integrity findings; its spend is its own. */
export const judgeEvaluator = (judge: LlmJudgeShape): Evaluator => ({
  stage: "judge",
  evaluate: ({ diff, evidence, finalText, prompt, scenario, tier }) =>
    Effect.map(
      judge.evaluate({
        scenario,
        finalText,
        diff,
        commands: evidence.commands,
        tier,
        prompt,
        findings: evidence.integrityFindings
      }),
      (outcome) => ({
        results: [outcome.result],
        spend: { costUsd: outcome.costUsd, tokensIn: outcome.tokensIn, tokensOut: outcome.tokensOut }
      })
    )
})

/**
 * A scenario's evaluators, in the order they run. A scenario without a code workspace (`workspace.required: false`
 * or an `artifact:`) is scored by the judge alone, as upstream did: without a judge it cannot pass.
 */
export const evaluatorsFor = (
  scenario: Scenario,
  deps: { readonly settings: HarnessSettingsShape; readonly judge: LlmJudgeShape }
): ReadonlyArray<Evaluator> =>
  needsFixture(scenario)
    ? [
      validationEvaluator(deps.settings),
      heuristicsEvaluator(deps.settings),
      integrityEvaluator,
      judgeEvaluator(deps.judge)
    ]
    : [judgeEvaluator(deps.judge)]
