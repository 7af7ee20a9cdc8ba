/** What one evaluator produced. `score` is 0..1 and present only when the evaluator ran (`status: "ok"`). */
export interface EvaluatorResult {
  readonly name: string
  readonly status: "ok" | "skipped" | "error"
  readonly score: number | null
  /** Why it was skipped or failed, or what it found: stored as the evaluation's details. */
  readonly details: string
}

export const ran = (name: string, score: number, details: string): EvaluatorResult => ({
  name,
  status: "ok",
  score: Math.min(1, Math.max(0, score)),
  details
})

export const skipped = (name: string, reason: string): EvaluatorResult => ({
  name,
  status: "skipped",
  score: null,
  details: reason
})

export const errored = (name: string, reason: string): EvaluatorResult => ({
  name,
  status: "error",
  score: null,
  details: reason
})

/** Validation command kinds, in the order they run; other declared kinds run after these, in YAML order. */
export const commandKindOrder = ["install", "build", "typecheck", "lint", "test"] as const

/** The evaluator name of a validation command; `install_success` and `tests_nonregression` are upstream's names. */
export const commandEvaluatorName = (kind: string) => kind === "test" ? "tests_nonregression" : `${kind}_success`

export const HEURISTIC_CHECKS = "heuristic_checks"
export const LLM_JUDGE = "llm_judge"
export const INTEGRITY = "integrity"
