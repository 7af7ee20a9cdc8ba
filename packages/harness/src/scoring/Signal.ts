import type { BaselineCheck, RunBaseline, ScenarioBaseline } from "@ze/domain"
import { discriminatingChecks } from "@ze/domain"
import type { EvaluatorResult } from "../evaluators/Evaluation.js"

export interface SignalInput {
  readonly baseline: ScenarioBaseline
  /** The run's checks, named as the baseline's (`checksOf`). */
  readonly checks: ReadonlyArray<BaselineCheck>
  /** The judge's result in this run, when it was asked. */
  readonly judge: EvaluatorResult | undefined
  readonly threshold: number
}

export interface Signal {
  readonly baseline: RunBaseline
  /** Why the run cannot be `passed` whatever its score, or null when something that fails on a no-op passed. */
  readonly noSignal: string | null
}

export const noSignalPrefix = "nothing in this scenario distinguishes a no-op from a solution"

const list = (names: ReadonlyArray<string>) => (names.length === 0 ? "no check" : names.join(", "))

const judgeClause = (baseline: ScenarioBaseline, judge: EvaluatorResult | undefined) => {
  if (baseline.judgeNotApplicable !== null) return `, and the LLM judge cannot (${baseline.judgeNotApplicable})`
  if (judge === undefined || judge.status !== "ok") {
    return `; only the LLM judge could, and it did not run (${judge?.details ?? "not asked"})`
  }
  return `; only the LLM judge could, and it scored ${(judge.score ?? 0) * 10}/10`
}

/**
 * A check that passes on the untouched fixture says nothing about the agent. A run carries signal when a check
 * that fails there passed, or when the LLM judge (never run on the baseline: a no-op has no change to judge)
 * ran and reached the threshold.
 */
export const signalOf = ({ baseline, checks, judge, threshold }: SignalInput): Signal => {
  const discriminating = discriminatingChecks(baseline).map((check) => check.name)
  const passedDiscriminating = checks.filter((check) => check.passes && discriminating.includes(check.name)).map((
    check
  ) => check.name)
  const passingOnBaseline = baseline.checks.filter((check) => check.passes).map((check) => check.name)
  const judgePassed = baseline.judgeNotApplicable === null && judge?.status === "ok" &&
    (judge.score ?? 0) * 10 >= threshold
  const record: RunBaseline = {
    fingerprint: baseline.fingerprint,
    passingOnBaseline,
    discriminating,
    passedDiscriminating
  }
  if (passedDiscriminating.length > 0 || judgePassed) return { baseline: record, noSignal: null }
  const noSignal = discriminating.length === 0
    ? `${noSignalPrefix}: ${list(passingOnBaseline)} already pass${
      passingOnBaseline.length === 1 ? "es" : ""
    } on the untouched fixture${judgeClause(baseline, judge)}`
    : `no check that fails on the untouched fixture passed (${
      list(discriminating)
    }): the run did no better than a no-op`
  return { baseline: record, noSignal }
}

/**
 * Said before a batch starts (and by a dry run) when no run of the scenario can pass: nothing fails on its untouched
 * fixture, and the judge cannot tell either (the scenario does not enable it, or no judge is configured).
 */
export const noSignalWarning = (
  baseline: ScenarioBaseline,
  judgeUnavailable: string | undefined
): string | undefined => {
  if (discriminatingChecks(baseline).length > 0) return undefined
  const passing = baseline.checks.map((check) => check.name)
  const checks = passing.length === 0
    ? "it declares no validation command or heuristic check"
    : `${list(passing)} already pass on the untouched fixture`
  if (baseline.judgeNotApplicable === null) {
    return judgeUnavailable === undefined
      ? undefined
      : `${baseline.scenario}: only the LLM judge can tell a no-op from a solution (${checks}), and ${judgeUnavailable}: no run of it can pass`
  }
  return `${baseline.scenario}: ${noSignalPrefix} (${checks}; the LLM judge cannot: ${baseline.judgeNotApplicable}): no run of it can pass`
}
