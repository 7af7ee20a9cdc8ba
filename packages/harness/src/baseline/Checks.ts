import type { BaselineCheck } from "@ze/domain"
import type { ValidationOutcome } from "../evaluators/Commands.js"
import { HEURISTIC_CHECKS } from "../evaluators/Evaluation.js"
import type { EvaluatorResult } from "../evaluators/Evaluation.js"
import type { CheckResult } from "../evaluators/Heuristics.js"
import { unscoredByDefault } from "../scoring/Scoring.js"

export interface HeuristicsOutcome {
  readonly result: EvaluatorResult
  readonly checks: ReadonlyArray<CheckResult>
}

const weightOf = (weights: Readonly<Record<string, number>>, name: string) =>
  weights[name] ?? unscoredByDefault[name] ?? 1

/** Each validation command with a positive weight, as a check that can carry signal. */
export const commandChecks = (
  validation: ValidationOutcome,
  weights: Readonly<Record<string, number>>
): ReadonlyArray<BaselineCheck> =>
  validation.runs.flatMap((run, i): ReadonlyArray<BaselineCheck> => {
    const evaluation = validation.evaluations[i]
    if (evaluation === undefined || weightOf(weights, evaluation.name) <= 0) return []
    const detail = run.timedOut ? `${run.command}: timed out` : `${run.command}: exit ${run.exitCode ?? "–"}`
    return [{ name: evaluation.name, evaluator: evaluation.name, passes: run.passed, detail }]
  })

/** Each heuristic check with a positive weight (when the heuristics ran and count), as a check. */
export const heuristicChecks = (
  heuristics: HeuristicsOutcome,
  weights: Readonly<Record<string, number>>
): ReadonlyArray<BaselineCheck> =>
  heuristics.result.status !== "ok" || weightOf(weights, HEURISTIC_CHECKS) <= 0
    ? []
    : heuristics.checks.filter((check) => check.weight > 0).map((check): BaselineCheck => ({
      name: `${HEURISTIC_CHECKS}.${check.name}`,
      evaluator: HEURISTIC_CHECKS,
      passes: check.passed,
      detail: check.passed ? check.description ?? "" : check.error ?? check.description ?? ""
    }))

/**
 * The checks of one evaluation that can carry signal: each validation command and each heuristic check that has
 * a positive weight. The same function reads a run and the untouched fixture, so the two compare name by name.
 */
export const checksOf = (
  validation: ValidationOutcome,
  heuristics: HeuristicsOutcome,
  weights: Readonly<Record<string, number>>
): ReadonlyArray<BaselineCheck> => [...commandChecks(validation, weights), ...heuristicChecks(heuristics, weights)]
