import type { EvaluatorResult } from "../evaluators/Evaluation.js"

export interface ScoredEvaluation extends EvaluatorResult {
  readonly weight: number
  /** Whether it entered the weighted score: it ran and has a positive weight. */
  readonly counted: boolean
}

export interface Score {
  readonly evaluations: ReadonlyArray<ScoredEvaluation>
  /** 10 × Σ(score × weight) / Σ(weight) over the counted evaluators, 4 decimals; `null` when none counted. */
  readonly weightedScore: number | null
  /** Plain mean (0..1) of the counted evaluators' scores. */
  readonly totalScore: number | null
  /** `weightedScore / 10`. */
  readonly successMetric: number | null
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000

/**
 * Evaluators reported with every run but not scored unless a scenario weighs them: integrity is a gate and a
 * penalty, not an achievement (an agent that changes nothing would otherwise earn it in full).
 */
export const unscoredByDefault: Readonly<Record<string, number>> = { integrity: 0 }

/**
 * Weighted score over the evaluators that ran. An evaluator's weight is `rubric_overrides.weights[name]` when
 * given, else 1; skipped or failed evaluators and zero weights are left out (never scored 0).
 */
export const scoreEvaluations = (
  results: ReadonlyArray<EvaluatorResult>,
  weights: Readonly<Record<string, number>> = {}
): Score => {
  const evaluations = results.map((r): ScoredEvaluation => {
    const weight = weights[r.name] ?? unscoredByDefault[r.name] ?? 1
    return { ...r, weight, counted: r.status === "ok" && r.score !== null && weight > 0 }
  })
  const counted = evaluations.filter((e) => e.counted)
  const totalWeight = counted.reduce((sum, e) => sum + e.weight, 0)
  if (counted.length === 0 || totalWeight === 0) {
    return { evaluations, weightedScore: null, totalScore: null, successMetric: null }
  }
  const weighted = (10 * counted.reduce((sum, e) => sum + (e.score ?? 0) * e.weight, 0)) / totalWeight
  return {
    evaluations,
    weightedScore: round4(weighted),
    totalScore: round4(counted.reduce((sum, e) => sum + (e.score ?? 0), 0) / counted.length),
    successMetric: round4(weighted / 10)
  }
}

export interface VerdictInput {
  readonly score: Score
  readonly threshold: number
  /** Why the run fails whatever its score, in evaluator order (required commands, fatal integrity findings). */
  readonly gates: ReadonlyArray<string>
}

export interface Verdict {
  /** `infra_error` when nothing could score the run: a scenario or configuration problem, not the agent's. */
  readonly status: "passed" | "failed" | "infra_error"
  readonly reason: string | null
}

/** Passed = no evaluator gate closed (required commands, fatal integrity findings) and weighted score ≥ threshold. */
export const verdict = ({ gates, score, threshold }: VerdictInput): Verdict => {
  const gate = gates[0]
  if (gate !== undefined) return { status: "failed", reason: gate }
  if (score.weightedScore === null) {
    const skipped = score.evaluations.filter((e) => e.status !== "ok").map((e) =>
      `${e.name}: ${e.details.slice(0, 120)}`
    )
    return {
      status: "infra_error",
      reason: `nothing could score this run (${
        skipped.length === 0 ? "the scenario declares no evaluator" : skipped.join("; ")
      })`
    }
  }
  if (score.weightedScore < threshold) {
    return { status: "failed", reason: `score ${score.weightedScore.toFixed(2)} is below the threshold ${threshold}` }
  }
  return { status: "passed", reason: null }
}
